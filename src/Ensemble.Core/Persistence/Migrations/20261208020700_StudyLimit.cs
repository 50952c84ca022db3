using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ensemble.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StudyLimit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Limit",
                table: "Studies",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MemberCosts",
                table: "Studies",
                type: "TEXT",
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
