using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExpertBot.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WithdrawnInvitations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Invitations nobody answered before their question closed were left "Invited" for good; they are withdrawn
            // now, as of the question's last activity (its closing), like every invitation of a question that closes from now on.
            migrationBuilder.Sql("""
                UPDATE "invitations" SET "Status" = 'Withdrawn',
                  "AnsweredAt" = (SELECT q."LastActivityAt" FROM "questions" q WHERE q."Id" = "invitations"."QuestionId")
                WHERE "Status" = 'Invited'
                  AND "QuestionId" IN (SELECT "Id" FROM "questions" WHERE "Status" IN ('Resolved', 'Expired', 'Cancelled'))
                """);

            migrationBuilder.CreateIndex(
                name: "ix_invitations_open_by_expert",
                table: "invitations",
                column: "ExpertId",
                filter: "\"Status\" = 'Invited'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_invitations_open_by_expert",
                table: "invitations");

            // The model before this migration has no Withdrawn: such invitations are open ones again, as they were.
            migrationBuilder.Sql("""
                UPDATE "invitations" SET "Status" = 'Invited', "AnsweredAt" = NULL WHERE "Status" = 'Withdrawn'
                """);
        }
    }
}
