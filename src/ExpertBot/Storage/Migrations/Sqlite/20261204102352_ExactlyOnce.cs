using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExpertBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExactlyOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "job_effects",
                columns: table => new
                {
                    job_key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    step = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    location = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_effects", x => new { x.job_key, x.step });
                });

            migrationBuilder.CreateIndex(
                name: "ix_job_effects_recorded_at",
                table: "job_effects",
                column: "recorded_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "job_effects");
        }
    }
}
