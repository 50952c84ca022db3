using Microsoft.EntityFrameworkCore;

namespace Ensemble.Core.Persistence;

/// <summary>Serves a factory of a derived context where the base context is asked for.</summary>
public sealed class UpcastDbContextFactory<TDerived, TBase>(IDbContextFactory<TDerived> inner) : IDbContextFactory<TBase>
    where TDerived : TBase
    where TBase : DbContext
{
    public TBase CreateDbContext() => inner.CreateDbContext();
}
