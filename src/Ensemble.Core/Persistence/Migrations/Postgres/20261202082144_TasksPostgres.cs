using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ensemble.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TasksPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Task",
                table: "TrainingJobs",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Task",
                table: "Searches",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Task",
                table: "Ensembles",
                type: "character varying(128)",
                maxLength: 128,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Task",
                table: "TrainingJobs");

            migrationBuilder.DropColumn(
                name: "Task",
                table: "Searches");

            migrationBuilder.DropColumn(
                name: "Task",
                table: "Ensembles");
        }
    }
}
