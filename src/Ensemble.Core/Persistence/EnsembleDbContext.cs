using Ensemble.Core.Persistence.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Ensemble.Core.Persistence;

/// <summary>
/// The app's tables. The SQLite migrations belong to this type; <see cref="PostgresEnsembleDbContext"/> is the same
/// model with PostgreSQL's migrations, since EF Core keys a migration set by its context type.
/// It also keeps ASP.NET Core's data-protection keys, so a sign-in cookie outlives a restart and works on every
/// replica that shares the database.
/// </summary>
public class EnsembleDbContext : DbContext, IDataProtectionKeyContext
{
    public EnsembleDbContext(DbContextOptions<EnsembleDbContext> options)
        : base(options)
    {
    }

    protected EnsembleDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<EnsembleRecord> Ensembles => Set<EnsembleRecord>();

    public DbSet<EnsembleVersionRecord> EnsembleVersions => Set<EnsembleVersionRecord>();

    public DbSet<StudyRecord> Studies => Set<StudyRecord>();

    public DbSet<TrialRecord> Trials => Set<TrialRecord>();

    public DbSet<TrainingJobRecord> TrainingJobs => Set<TrainingJobRecord>();

    public DbSet<SearchRecord> Searches => Set<SearchRecord>();

    public DbSet<SearchTrialRecord> SearchTrials => Set<SearchTrialRecord>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EnsembleDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        // SQLite cannot order or compare DateTimeOffset; store it as UTC ticks (on PostgreSQL too, so both read alike).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetTicksConverter>();
}
