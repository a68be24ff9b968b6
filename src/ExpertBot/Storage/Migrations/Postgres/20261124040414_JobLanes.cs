using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExpertBot.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class JobLanes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_jobs_status_run_after",
                table: "jobs");

            migrationBuilder.AddColumn<int>(
                name: "lane",
                table: "jobs",
                type: "integer",
                nullable: false,
                // Rows stored before lanes existed are background work (timers, deliveries): only new turns are interactive.
                defaultValue: 1);

            migrationBuilder.CreateIndex(
                name: "ix_jobs_status_lane_run_after",
                table: "jobs",
                columns: new[] { "status", "lane", "run_after" },
                filter: "status = 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_jobs_status_lane_run_after",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "lane",
                table: "jobs");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_status_run_after",
                table: "jobs",
                columns: new[] { "status", "run_after" },
                filter: "status = 0");
        }
    }
}
