using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ensemble.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StudyLimitPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Limit",
                table: "Studies",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MemberCosts",
                table: "Studies",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Limit",
                table: "Studies");

            migrationBuilder.DropColumn(
                name: "MemberCosts",
                table: "Studies");
        }
    }
}
