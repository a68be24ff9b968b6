using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExpertBot.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PartialJobIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_jobs_status_lease",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_status_run_after",
                table: "jobs");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_status_lease",
                table: "jobs",
                columns: new[] { "status", "lease_expires_at" },
                filter: "status = 1");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_status_run_after",
                table: "jobs",
                columns: new[] { "status", "run_after" },
                filter: "status = 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_jobs_status_lease",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_status_run_after",
                table: "jobs");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_status_lease",
                table: "jobs",
                columns: new[] { "status", "lease_expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_status_run_after",
                table: "jobs",
                columns: new[] { "status", "run_after" });
        }
    }
}
