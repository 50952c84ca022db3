using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ensemble.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CalibrationPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Versions saved before calibration existed are served as they were: temperature 1.
            migrationBuilder.AddColumn<bool>(
                name: "Calibrate",
                table: "Studies",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Calibration",
                table: "Studies",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "AbstainBelow",
                table: "EnsembleVersions",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Temperature",
                table: "EnsembleVersions",
                type: "double precision",
                nullable: false,
                defaultValue: 1.0);

            migrationBuilder.AddColumn<double>(
                name: "Temperature",
                table: "EnsembleMembers",
                type: "double precision",
                nullable: false,
                defaultValue: 1.0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Calibrate",
                table: "Studies");

            migrationBuilder.DropColumn(
                name: "Calibration",
                table: "Studies");

            migrationBuilder.DropColumn(
                name: "AbstainBelow",
                table: "EnsembleVersions");

            migrationBuilder.DropColumn(
                name: "Temperature",
                table: "EnsembleVersions");

            migrationBuilder.DropColumn(
                name: "Temperature",
                table: "EnsembleMembers");
        }
    }
}
