using Ensemble.Core.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ensemble.Core.Persistence;

public sealed class EnsembleDbContext(DbContextOptions<EnsembleDbContext> options) : DbContext(options)
{
    public DbSet<EnsembleRecord> Ensembles => Set<EnsembleRecord>();

    public DbSet<EnsembleVersionRecord> EnsembleVersions => Set<EnsembleVersionRecord>();

    public DbSet<StudyRecord> Studies => Set<StudyRecord>();

    public DbSet<TrialRecord> Trials => Set<TrialRecord>();

    public DbSet<TrainingJobRecord> TrainingJobs => Set<TrainingJobRecord>();

    public DbSet<SearchRecord> Searches => Set<SearchRecord>();

    public DbSet<SearchTrialRecord> SearchTrials => Set<SearchTrialRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EnsembleDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        // SQLite cannot order or compare DateTimeOffset; store it as UTC ticks.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetTicksConverter>();
}
