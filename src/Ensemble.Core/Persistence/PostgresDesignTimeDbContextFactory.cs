using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ensemble.Core.Persistence;

/// <summary>Lets `dotnet ef migrations add --context PostgresEnsembleDbContext` build the context; it never connects.</summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresEnsembleDbContext>
{
    public PostgresEnsembleDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresEnsembleDbContext>().UseNpgsql("Host=localhost;Database=ensemble").Options);
}
