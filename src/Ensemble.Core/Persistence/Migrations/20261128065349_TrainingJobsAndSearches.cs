using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ensemble.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TrainingJobsAndSearches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Searches",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Space = table.Column<string>(type: "TEXT", nullable: false),
                    Budget = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedUtc = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedUtc = table.Column<long>(type: "INTEGER", nullable: true),
                    EpochsPlanned = table.Column<int>(type: "INTEGER", nullable: false),
                    EpochsDone = table.Column<int>(type: "INTEGER", nullable: false),
                    Seconds = table.Column<double>(type: "REAL", nullable: false),
                    BestTrial = table.Column<int>(type: "INTEGER", nullable: true),
                    BestValidationAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    PromotedJobId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Searches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrainingJobs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestedName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Options = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedUtc = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedUtc = table.Column<long>(type: "INTEGER", nullable: true),
                    Epochs = table.Column<string>(type: "TEXT", nullable: false),
                    TrainImages = table.Column<int>(type: "INTEGER", nullable: false),
                    Parameters = table.Column<long>(type: "INTEGER", nullable: false),
                    MegaFlops = table.Column<double>(type: "REAL", nullable: false),
                    Threads = table.Column<int>(type: "INTEGER", nullable: false),
                    TrainingSeconds = table.Column<double>(type: "REAL", nullable: false),
                    ModelName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ModelSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ValidationAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    ValidationLogLoss = table.Column<double>(type: "REAL", nullable: true),
                    TestAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    TestLogLoss = table.Column<double>(type: "REAL", nullable: true),
                    SearchId = table.Column<int>(type: "INTEGER", nullable: true),
                    SearchTrial = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingJobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SearchTrials",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SearchId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Bracket = table.Column<int>(type: "INTEGER", nullable: false),
                    Rung = table.Column<int>(type: "INTEGER", nullable: false),
                    Configuration = table.Column<string>(type: "TEXT", nullable: false),
                    Seed = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Curve = table.Column<string>(type: "TEXT", nullable: false),
                    ValidationAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    ValidationLogLoss = table.Column<double>(type: "REAL", nullable: true),
                    Seconds = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchTrials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SearchTrials_Searches_SearchId",
                        column: x => x.SearchId,
                        principalTable: "Searches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SearchTrials_SearchId_Number",
                table: "SearchTrials",
                columns: new[] { "SearchId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Searches_Status",
                table: "Searches",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingJobs_Status",
                table: "TrainingJobs",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SearchTrials");

            migrationBuilder.DropTable(
                name: "TrainingJobs");

            migrationBuilder.DropTable(
                name: "Searches");
        }
    }
}
