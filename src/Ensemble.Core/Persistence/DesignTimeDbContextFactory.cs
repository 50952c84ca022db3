using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ensemble.Core.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the context without the app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<EnsembleDbContext>
{
    public EnsembleDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<EnsembleDbContext>().UseSqlite("Data Source=design.db").Options);
}
