using Microsoft.EntityFrameworkCore;

namespace Ensemble.Core.Persistence;

/// <summary>The app's tables on PostgreSQL, with their own migrations (Persistence/Migrations/Postgres).</summary>
public sealed class PostgresEnsembleDbContext(DbContextOptions<PostgresEnsembleDbContext> options) : EnsembleDbContext(options);
