using Ensemble.Core.Batching;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Export;
using Ensemble.Core.Images;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Ensemble.Core.Models.Publishing;
using Ensemble.Core.Persistence;
using Ensemble.Core.Runs.Engine;
using Ensemble.Core.Scoring;
using Ensemble.Core.Searches;
using Ensemble.Core.Studies;
using Ensemble.Core.Telemetry;
using Ensemble.Core.TrainingJobs;
using Ensemble.Core.Versions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ensemble.Web.Hosting;

/// <summary>Registers the ensemble core: options, the ONNX session factory, the model registry and the predictors.</summary>
public static class EnsembleServices
{
    public static IServiceCollection AddEnsembleCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.Configure<InferenceOptions>(configuration.GetSection(InferenceOptions.Section));
        services.Configure<ModelsOptions>(configuration.GetSection(ModelsOptions.Section));
        services.Configure<ImageLimits>(configuration.GetSection(ImageLimits.Section));
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.Configure<TrainingOptionsSection>(configuration.GetSection(TrainingOptionsSection.Section));
        services.Configure<BatchingOptions>(configuration.GetSection(BatchingOptions.Section));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<BatchingOptions>>().Value);
        services.AddSingleton<BatchScheduler>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<InferenceOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ImageLimits>>().Value);
        services.AddSingleton<OnnxSessionFactory>();
        services.AddSingleton(sp =>
        {
            var models = sp.GetRequiredService<IOptions<ModelsOptions>>().Value;
            return new ModelRegistry(
                PathResolver.Resolve(models.Directory, contentRoot),
                sp.GetRequiredService<OnnxSessionFactory>(),
                sp.GetRequiredService<ILogger<ModelRegistry>>(),
                models.DefaultTask);
        });
        services.AddSingleton(TimeProvider.System);
        if (configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContextFactory<PostgresEnsembleDbContext>((sp, o) => o.UseNpgsql(
                sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString
                    ?? throw new InvalidOperationException("Database:Provider is Postgres, so Database:ConnectionString must be set."),
                npgsql => npgsql.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery).EnableRetryOnFailure(maxRetryCount: 3)));
            // Everything else asks for the base context; hand it PostgreSQL's.
            services.AddSingleton<IDbContextFactory<EnsembleDbContext>>(sp => new UpcastDbContextFactory<PostgresEnsembleDbContext, EnsembleDbContext>(
                sp.GetRequiredService<IDbContextFactory<PostgresEnsembleDbContext>>()));
            services.AddScoped<EnsembleDbContext>(sp => sp.GetRequiredService<IDbContextFactory<EnsembleDbContext>>().CreateDbContext());
        }
        else
        {
            services.AddDbContextFactory<EnsembleDbContext>((sp, o) =>
            {
                var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
                // A relative database path sits beside the models folder (data/ensemble.db at the repository's top level).
                var file = Path.IsPathRooted(options.Path) ? options.Path : Path.GetFullPath(Path.Combine(BesideModels(sp), options.Path));
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                // Default Timeout bounds how long Microsoft.Data.Sqlite retries a busy or locked database.
                // Ensembles are small: one joined query beats split ones, and saying so silences EF Core's warning.
                o.UseSqlite($"Data Source={file};Default Timeout={options.BusyTimeoutSeconds}", s => s.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery));
            });
            services.AddScoped<EnsembleDbContext>(sp => sp.GetRequiredService<IDbContextFactory<EnsembleDbContext>>().CreateDbContext());
        }

        // Cookie and antiforgery keys live in the store, not in the container's home folder: a signed-in user stays
        // signed in across restarts and on every replica that shares the database.
        services.AddDataProtection().SetApplicationName("Ensemble").PersistKeysToDbContext<EnsembleDbContext>();

        services.AddSingleton<EnsembleStore>();
        services.AddSingleton<EnsembleSeeder>();
        services.AddHostedService<EnsembleRefresher>();
        services.AddSingleton<EnsembleMetrics>();
        services.AddSingleton<MetricsExport>();
        services.AddSingleton<EnsemblePredictor>();
        services.AddSingleton<ImagePreprocessor>();
        services.AddSingleton<MemberProbabilityCache>();
        services.AddSingleton<EnsembleEvaluator>();
        services.AddSingleton<EnsembleExport>();
        services.AddSingleton<AbstainThresholds>();
        services.AddSingleton<RunEngine>();
        services.AddSingleton<IRunHandler, StudyRunHandler>();
        services.AddSingleton<IRunHandler, TrainingJobRunHandler>();
        services.AddSingleton<IRunHandler, SearchRunHandler>();
        services.AddHostedService<RunWorker>();
        services.AddSingleton<StudyService>();
        services.AddSingleton(sp =>
        {
            var path = sp.GetRequiredService<IOptions<TrainingOptionsSection>>().Value.CheckpointDirectory;
            return new CheckpointPaths(Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(BesideModels(sp), path)));
        });
        services.AddSingleton<TrainingData>();
        services.AddSingleton<ModelPublisher>();
        services.AddSingleton<ModelUploads>();
        services.AddSingleton<TaskUploads>();
        services.AddSingleton<TrainingJobService>();
        services.AddSingleton<SearchService>();
        services.AddHostedService<ModelFolderWatcher>();
        services.AddHostedService<TaskEnsembles>();
        services.AddSingleton<MemberScores>();
        services.AddHostedService<MemberScoring>();
        services.AddSingleton<MemberTimings>();
        if (configuration.GetSection(ModelsOptions.Section).GetValue(nameof(ModelsOptions.TimeMembers), true))
        {
            services.AddHostedService<MemberTimer>();
        }

        services.AddSingleton<Endpoints.Predict.PredictionLog>();
        return services;
    }

    /// <summary>The folder that holds the models folder: relative data paths start there.</summary>
    private static string BesideModels(IServiceProvider services) =>
        Path.GetDirectoryName(services.GetRequiredService<ModelRegistry>().Directory.TrimEnd(Path.DirectorySeparatorChar))!;
}
