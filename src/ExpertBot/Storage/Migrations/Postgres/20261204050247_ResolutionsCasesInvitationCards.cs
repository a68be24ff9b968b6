using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ExpertBot.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ResolutionsCasesInvitationCards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CardActivityId",
                table: "invitations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CardConversationId",
                table: "invitations",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "case_notes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Subject = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Text = table.Column<string>(type: "character varying(32000)", maxLength: 32000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_notes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Status = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Customer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Contact = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Product = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Priority = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    AccountValue = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "resolutions",
                columns: table => new
                {
                    QuestionId = table.Column<long>(type: "bigint", nullable: false),
                    CardServiceUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CardConversationId = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    CardActivityId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    NoteState = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    NoteSystem = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    NoteCase = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    NoteId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    NoteUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    NoteProblem = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Retries = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resolutions", x => x.QuestionId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_case_notes_CaseNumber",
                table: "case_notes",
                column: "CaseNumber");

            migrationBuilder.CreateIndex(
                name: "IX_case_notes_IdempotencyKey",
                table: "case_notes",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_Number",
                table: "cases",
                column: "Number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_notes");

            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "resolutions");

            migrationBuilder.DropColumn(
                name: "CardActivityId",
                table: "invitations");

            migrationBuilder.DropColumn(
                name: "CardConversationId",
                table: "invitations");
        }
    }
}
