using Ensemble.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ensemble.Web.Tests.Components.Pages;

/// <summary>Puts runs into the app's store in a given state, so a page test renders that state without training anything.</summary>
public static class RunRows
{
    public static async Task<T> AddAsync<T>(this EnsembleAppFactory app, T row)
        where T : class
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<EnsembleDbContext>>().CreateDbContextAsync();
        db.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    public static async Task AddRangeAsync<T>(this EnsembleAppFactory app, IEnumerable<T> rows)
        where T : class
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<EnsembleDbContext>>().CreateDbContextAsync();
        db.AddRange(rows);
        await db.SaveChangesAsync();
    }
}
