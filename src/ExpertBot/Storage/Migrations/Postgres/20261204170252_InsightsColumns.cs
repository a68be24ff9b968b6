using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExpertBot.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InsightsColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_invitations_insights",
                table: "invitations");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FirstInvitedAt",
                table: "questions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FirstResponseAt",
                table: "questions",
                type: "timestamp with time zone",
                nullable: true);

            // Existing questions get the values the question now keeps as it happens (Question.Invite, Take and
            // AddContribution): the first invitation, and the first time an invited expert took it or an expert (not the
            // asker) replied. Questions with neither keep NULL.
            migrationBuilder.Sql("""
                UPDATE "questions" SET
                  "FirstInvitedAt" = (SELECT MIN(i."InvitedAt") FROM "invitations" i WHERE i."QuestionId" = "questions"."Id"),
                  "FirstResponseAt" = (SELECT MIN(t."At") FROM (
                      SELECT i."AnsweredAt" AS "At" FROM "invitations" i WHERE i."QuestionId" = "questions"."Id" AND i."Status" = 'Accepted'
                      UNION ALL
                      SELECT c."CreatedAt" FROM "contributions" c
                      WHERE c."QuestionId" = "questions"."Id" AND NOT c."FromAsker" AND lower(c."AuthorId") <> lower("questions"."AskerId")) t)
                WHERE EXISTS (SELECT 1 FROM "invitations" i WHERE i."QuestionId" = "questions"."Id")
                   OR EXISTS (SELECT 1 FROM "contributions" c WHERE c."QuestionId" = "questions"."Id")
                """);

            migrationBuilder.CreateIndex(
                name: "ix_questions_insights",
                table: "questions",
                columns: new[] { "CreatedAt", "Status", "ResolvedAt", "FirstInvitedAt", "FirstResponseAt", "KnowledgeArticleId", "AskerId", "Id" });

            migrationBuilder.CreateIndex(
                name: "ix_contributions_insights",
                table: "contributions",
                columns: new[] { "QuestionId", "FromAsker", "AuthorId", "AuthorName", "Accepted", "Rating" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_questions_insights",
                table: "questions");

            migrationBuilder.DropIndex(
                name: "ix_contributions_insights",
                table: "contributions");

            migrationBuilder.DropColumn(
                name: "FirstInvitedAt",
                table: "questions");

            migrationBuilder.DropColumn(
                name: "FirstResponseAt",
                table: "questions");

            migrationBuilder.CreateIndex(
                name: "ix_invitations_insights",
                table: "invitations",
                columns: new[] { "QuestionId", "Status", "AnsweredAt" });
        }
    }
}
