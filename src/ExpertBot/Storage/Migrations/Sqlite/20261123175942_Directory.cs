using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExpertBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Directory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "directory_people",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    profile = table.Column<string>(type: "TEXT", nullable: false),
                    routable = table.Column<bool>(type: "INTEGER", nullable: false),
                    profile_pending = table.Column<bool>(type: "INTEGER", nullable: false),
                    seen_in_run = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_directory_people", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directory_sync",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    phase = table.Column<int>(type: "INTEGER", nullable: false),
                    run = table.Column<long>(type: "INTEGER", nullable: false),
                    next_link = table.Column<string>(type: "TEXT", nullable: true),
                    delta_link = table.Column<string>(type: "TEXT", nullable: true),
                    group_index = table.Column<int>(type: "INTEGER", nullable: false),
                    full_sync_completed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_directory_sync", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "expert_preferences",
                columns: table => new
                {
                    person_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    preferences = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_expert_preferences", x => x.person_id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_directory_people_profile_pending",
                table: "directory_people",
                column: "profile_pending");

            migrationBuilder.CreateIndex(
                name: "IX_directory_people_routable",
                table: "directory_people",
                column: "routable");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "directory_people");

            migrationBuilder.DropTable(
                name: "directory_sync");

            migrationBuilder.DropTable(
                name: "expert_preferences");
        }
    }
}
