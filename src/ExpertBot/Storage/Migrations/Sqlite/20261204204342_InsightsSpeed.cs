using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExpertBot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InsightsSpeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_question_knowledge_insights",
                table: "question_knowledge",
                columns: new[] { "ClosedAt", "ArticleId", "QuestionId" });

            migrationBuilder.CreateIndex(
                name: "IX_knowledge_articles_UpdatedAt_Id",
                table: "knowledge_articles",
                columns: new[] { "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "ix_invitations_open_insights",
                table: "invitations",
                columns: new[] { "QuestionId", "ExpertId", "ExpertName", "Status" },
                filter: "\"Status\" = 'Invited'");

            migrationBuilder.CreateIndex(
                name: "ix_article_links_insights",
                table: "article_links",
                columns: new[] { "At", "Kind", "QuestionId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_question_knowledge_insights",
                table: "question_knowledge");

            migrationBuilder.DropIndex(
                name: "IX_knowledge_articles_UpdatedAt_Id",
                table: "knowledge_articles");

            migrationBuilder.DropIndex(
                name: "ix_invitations_open_insights",
                table: "invitations");

            migrationBuilder.DropIndex(
                name: "ix_article_links_insights",
                table: "article_links");
        }
    }
}
