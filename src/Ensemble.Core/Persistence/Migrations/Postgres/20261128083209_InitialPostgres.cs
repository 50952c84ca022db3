using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ensemble.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Ensembles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ActiveVersion = table.Column<int>(type: "integer", nullable: false),
                    CreatedUtc = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Ensembles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Searches",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Space = table.Column<string>(type: "text", nullable: false),
                    Budget = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedUtc = table.Column<long>(type: "bigint", nullable: false),
                    StartedUtc = table.Column<long>(type: "bigint", nullable: true),
                    FinishedUtc = table.Column<long>(type: "bigint", nullable: true),
                    EpochsPlanned = table.Column<int>(type: "integer", nullable: false),
                    EpochsDone = table.Column<int>(type: "integer", nullable: false),
                    Seconds = table.Column<double>(type: "double precision", nullable: false),
                    BestTrial = table.Column<int>(type: "integer", nullable: true),
                    BestValidationAccuracy = table.Column<double>(type: "double precision", nullable: true),
                    PromotedJobId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Searches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Studies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Ensemble = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Members = table.Column<string>(type: "text", nullable: false),
                    Strategy = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Objective = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Seed = table.Column<int>(type: "integer", nullable: false),
                    Folds = table.Column<int>(type: "integer", nullable: false),
                    HoldoutFraction = table.Column<double>(type: "double precision", nullable: true),
                    Budget = table.Column<int>(type: "integer", nullable: false),
                    Alpha = table.Column<double>(type: "double precision", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedUtc = table.Column<long>(type: "bigint", nullable: false),
                    StartedUtc = table.Column<long>(type: "bigint", nullable: true),
                    FinishedUtc = table.Column<long>(type: "bigint", nullable: true),
                    TrialsDone = table.Column<int>(type: "integer", nullable: false),
                    Weights = table.Column<string>(type: "text", nullable: true),
                    ValidationAccuracy = table.Column<double>(type: "double precision", nullable: true),
                    ValidationLogLoss = table.Column<double>(type: "double precision", nullable: true),
                    HeldOutAccuracy = table.Column<double>(type: "double precision", nullable: true),
                    HeldOutLogLoss = table.Column<double>(type: "double precision", nullable: true),
                    TestAccuracy = table.Column<double>(type: "double precision", nullable: true),
                    TestLogLoss = table.Column<double>(type: "double precision", nullable: true),
                    UniformHeldOutAccuracy = table.Column<double>(type: "double precision", nullable: true),
                    UniformTestAccuracy = table.Column<double>(type: "double precision", nullable: true),
                    BestSingle = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    BestSingleHeldOutAccuracy = table.Column<double>(type: "double precision", nullable: true),
                    BestSingleTestAccuracy = table.Column<double>(type: "double precision", nullable: true),
                    AppliedVersion = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Studies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrainingJobs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestedName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Options = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedUtc = table.Column<long>(type: "bigint", nullable: false),
                    StartedUtc = table.Column<long>(type: "bigint", nullable: true),
                    FinishedUtc = table.Column<long>(type: "bigint", nullable: true),
                    Epochs = table.Column<string>(type: "text", nullable: false),
                    TrainImages = table.Column<int>(type: "integer", nullable: false),
                    Parameters = table.Column<long>(type: "bigint", nullable: false),
                    MegaFlops = table.Column<double>(type: "double precision", nullable: false),
                    Threads = table.Column<int>(type: "integer", nullable: false),
                    TrainingSeconds = table.Column<double>(type: "double precision", nullable: false),
                    ModelName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ModelSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ValidationAccuracy = table.Column<double>(type: "double precision", nullable: true),
                    ValidationLogLoss = table.Column<double>(type: "double precision", nullable: true),
                    TestAccuracy = table.Column<double>(type: "double precision", nullable: true),
                    TestLogLoss = table.Column<double>(type: "double precision", nullable: true),
                    SearchId = table.Column<int>(type: "integer", nullable: true),
                    SearchTrial = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingJobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EnsembleVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EnsembleId = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Method = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Provenance = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    StudyId = table.Column<int>(type: "integer", nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedUtc = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EnsembleVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EnsembleVersions_Ensembles_EnsembleId",
                        column: x => x.EnsembleId,
                        principalTable: "Ensembles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SearchTrials",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SearchId = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Bracket = table.Column<int>(type: "integer", nullable: false),
                    Rung = table.Column<int>(type: "integer", nullable: false),
                    Configuration = table.Column<string>(type: "text", nullable: false),
                    Seed = table.Column<int>(type: "integer", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Curve = table.Column<string>(type: "text", nullable: false),
                    ValidationAccuracy = table.Column<double>(type: "double precision", nullable: true),
                    ValidationLogLoss = table.Column<double>(type: "double precision", nullable: true),
                    Seconds = table.Column<double>(type: "double precision", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "Trials",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StudyId = table.Column<int>(type: "integer", nullable: false),
                    Fold = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Weights = table.Column<string>(type: "text", nullable: false),
                    FitAccuracy = table.Column<double>(type: "double precision", nullable: false),
                    FitLogLoss = table.Column<double>(type: "double precision", nullable: false),
                    HeldOutAccuracy = table.Column<double>(type: "double precision", nullable: false),
                    HeldOutLogLoss = table.Column<double>(type: "double precision", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "EnsembleMembers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VersionId = table.Column<int>(type: "integer", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Model = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Weight = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EnsembleMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EnsembleMembers_EnsembleVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "EnsembleVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EnsembleMembers_VersionId_Position",
                table: "EnsembleMembers",
                columns: new[] { "VersionId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EnsembleVersions_EnsembleId_Version",
                table: "EnsembleVersions",
                columns: new[] { "EnsembleId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Ensembles_Name",
                table: "Ensembles",
                column: "Name",
                unique: true);

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
                name: "IX_Studies_Status",
                table: "Studies",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingJobs_Status",
                table: "TrainingJobs",
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
                name: "EnsembleMembers");

            migrationBuilder.DropTable(
                name: "SearchTrials");

            migrationBuilder.DropTable(
                name: "TrainingJobs");

            migrationBuilder.DropTable(
                name: "Trials");

            migrationBuilder.DropTable(
                name: "EnsembleVersions");

            migrationBuilder.DropTable(
                name: "Searches");

            migrationBuilder.DropTable(
                name: "Studies");

            migrationBuilder.DropTable(
                name: "Ensembles");
        }
    }
}
