using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExpertBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CardActionsAndSources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SourceKey",
                table: "questions",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "action_ledger",
                columns: table => new
                {
                    SourceKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Verb = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Reply = table.Column<string>(type: "TEXT", nullable: true),
                    ReplyActivityId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_ledger", x => x.SourceKey);
                });

            migrationBuilder.CreateTable(
                name: "app_secrets",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_app_secrets", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_questions_SourceKey",
                table: "questions",
                column: "SourceKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_action_ledger_CreatedAt",
                table: "action_ledger",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "action_ledger");

            migrationBuilder.DropTable(
                name: "app_secrets");

            migrationBuilder.DropIndex(
                name: "IX_questions_SourceKey",
                table: "questions");

            migrationBuilder.DropColumn(
                name: "SourceKey",
                table: "questions");
        }
    }
}
