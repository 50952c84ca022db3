using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ensemble.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Studies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Studies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Ensemble = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Members = table.Column<string>(type: "TEXT", nullable: false),
                    Strategy = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Objective = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Seed = table.Column<int>(type: "INTEGER", nullable: false),
                    Folds = table.Column<int>(type: "INTEGER", nullable: false),
                    HoldoutFraction = table.Column<double>(type: "REAL", nullable: true),
                    Budget = table.Column<int>(type: "INTEGER", nullable: false),
                    Alpha = table.Column<double>(type: "REAL", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedUtc = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedUtc = table.Column<long>(type: "INTEGER", nullable: true),
                    TrialsDone = table.Column<int>(type: "INTEGER", nullable: false),
                    Weights = table.Column<string>(type: "TEXT", nullable: true),
                    ValidationAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    ValidationLogLoss = table.Column<double>(type: "REAL", nullable: true),
                    HeldOutAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    HeldOutLogLoss = table.Column<double>(type: "REAL", nullable: true),
                    TestAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    TestLogLoss = table.Column<double>(type: "REAL", nullable: true),
                    UniformHeldOutAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    UniformTestAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    BestSingle = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    BestSingleHeldOutAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    BestSingleTestAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    AppliedVersion = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Studies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Trials",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StudyId = table.Column<int>(type: "INTEGER", nullable: false),
                    Fold = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Weights = table.Column<string>(type: "TEXT", nullable: false),
                    FitAccuracy = table.Column<double>(type: "REAL", nullable: false),
                    FitLogLoss = table.Column<double>(type: "REAL", nullable: false),
                    HeldOutAccuracy = table.Column<double>(type: "REAL", nullable: false),
                    HeldOutLogLoss = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Trials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Trials_Studies_StudyId",
                        column: x => x.StudyId,
                        principalTable: "Studies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Studies_Status",
                table: "Studies",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Trials_StudyId_Fold_Number",
                table: "Trials",
                columns: new[] { "StudyId", "Fold", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Trials");

            migrationBuilder.DropTable(
                name: "Studies");
        }
    }
}
