using Ensemble.Core.Models;
using Ensemble.Core.Persistence;
using Ensemble.Core.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ensemble.Core.Ensembling;

/// <summary>
/// Versioned ensembles in the database. Every change inserts a new immutable version; activation only moves the
/// ensemble's pointer. Members are pinned by name and SHA-256 so that stored weights never silently apply to a
/// changed model file. Active versions are cached for prediction and refreshed after every write.
/// </summary>
public sealed class EnsembleStore(IDbContextFactory<EnsembleDbContext> databases, ModelRegistry registry, TimeProvider clock, ILogger<EnsembleStore> logger)
{
    public const string Uniform = "uniform";
    private const int MaxNameLength = 64;

    private volatile Dictionary<string, EnsembleSpec> _active = [];

    // Replicas starting together on a new PostgreSQL database race to create it and to apply each migration. Each
    // migration runs in its own transaction, so the loser's attempt rolls back whole; trying again finds the
    // winner's work in the history and goes on from there.
    private static async Task MigrateAsync(EnsembleDbContext db, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Database.MigrateAsync(cancellation);
                return;
            }
            catch (Npgsql.PostgresException e) when (attempt < 5 && e.SqlState is Npgsql.PostgresErrorCodes.DuplicateDatabase
                or Npgsql.PostgresErrorCodes.UniqueViolation or Npgsql.PostgresErrorCodes.DuplicateTable or Npgsql.PostgresErrorCodes.DuplicateObject)
            {
            }
        }
    }

    /// <summary>Applies migrations, switches SQLite to WAL, creates <c>uniform</c> on first start and fills the cache.</summary>
    /// <remarks>Replicas sharing a PostgreSQL database may start together: the first to create uniform wins.</remarks>
    public async Task InitializeAsync(CancellationToken cancellation = default)
    {
        await using (var db = await databases.CreateDbContextAsync(cancellation))
        {
            await MigrateAsync(db, cancellation);
            if (db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellation);
            }
            if (!await db.Ensembles.AnyAsync(e => e.Name == Uniform, cancellation) && registry.Loaded.Any())
            {
                var members = registry.Loaded.Select(m => (m.Name, 1.0)).ToList();
                try
                {
                    await InsertAsync(db, Uniform, EnsembleMethod.Average, members, Provenance.Default, null, "every model loaded at first start", cancellation);
                    logger.LogInformation("Created the uniform ensemble over {Count} models", members.Count);
                }
                catch (DbUpdateException) when (!cancellation.IsCancellationRequested)
                {
                    // Another replica sharing the database may have created it first; anything else is a real failure.
                    if (!await UniformExistsAsync(cancellation))
                    {
                        throw;
                    }
                }
            }
        }

        await RefreshAsync(cancellation);
    }

    private async Task<bool> UniformExistsAsync(CancellationToken cancellation)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        return await db.Ensembles.AnyAsync(e => e.Name == Uniform, cancellation);
    }

    /// <summary>The active version of an ensemble, from the cache.</summary>
    /// <summary>Raised after the active versions were read again (a change here, or another replica's seen by the refresher).</summary>
    public event Action? Refreshed;

    public EnsembleSpec? Active(string name) => _active.GetValueOrDefault(name);

    public IReadOnlyList<EnsembleSpec> AllActive() => [.. _active.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>Any stored version of an ensemble, active or not; null when there is none.</summary>
    public async Task<EnsembleSpec?> VersionAsync(string name, int version, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var ensemble = await db.Ensembles.AsNoTracking().Include(e => e.Versions.Where(v => v.Version == version)).ThenInclude(v => v.Members)
            .FirstOrDefaultAsync(e => e.Name == name, cancellation);
        return ensemble?.Versions.SingleOrDefault() is { } v ? Spec(ensemble, v) : null;
    }

    public async Task<IReadOnlyList<EnsembleVersionInfo>> VersionsAsync(string name, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var ensemble = await db.Ensembles.AsNoTracking().Include(e => e.Versions).ThenInclude(v => v.Members)
            .FirstOrDefaultAsync(e => e.Name == name, cancellation) ?? throw NotFound(name);
        return [.. ensemble.Versions.OrderByDescending(v => v.Version).Select(v => Info(ensemble, v))];
    }

    /// <summary>Creates an ensemble whose first version is active.</summary>
    public async Task<EnsembleVersionInfo> CreateAsync(string name, EnsembleMethod method, IReadOnlyDictionary<string, double> weights, string? note, CancellationToken cancellation = default)
    {
        CheckName(name);
        if (registry.Find(name) is not null)
        {
            // Open Inference Protocol clients address models and ensembles by one name space.
            throw new RefusalException(RefusalKind.Conflict, $"'{name}' is the name of a model; choose another name for the ensemble.", "name");
        }

        await using var db = await databases.CreateDbContextAsync(cancellation);
        if (await db.Ensembles.AnyAsync(e => e.Name == name, cancellation))
        {
            throw new RefusalException(RefusalKind.Conflict, $"An ensemble named '{name}' exists; add a version with PUT /api/ensembles/{name}/weights.", "name");
        }

        var (ensemble, version) = await InsertAsync(db, name, method, Members(weights), Provenance.Manual, null, note, cancellation);
        await RefreshAsync(cancellation);
        return Info(ensemble, version);
    }

    /// <summary>Adds a version with new weights (and method) and, unless told otherwise, activates it.</summary>
    public async Task<EnsembleVersionInfo> AddVersionAsync(
        string name, EnsembleMethod method, IReadOnlyDictionary<string, double> weights, Provenance provenance, int? studyId, string? note, bool activate,
        CancellationToken cancellation = default)
    {
        var members = Members(weights);
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var ensemble = await db.Ensembles.Include(e => e.Versions).FirstOrDefaultAsync(e => e.Name == name, cancellation) ?? throw NotFound(name);
        var version = NewVersion(ensemble.Versions.Max(v => v.Version) + 1, method, members, provenance, studyId, note);
        ensemble.Versions.Add(version);
        if (activate)
        {
            ensemble.ActiveVersion = version.Version;
        }

        await db.SaveChangesAsync(cancellation);
        await RefreshAsync(cancellation);
        return Info(ensemble, version);
    }

    public async Task<EnsembleVersionInfo> ActivateAsync(string name, int version, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var ensemble = await db.Ensembles.Include(e => e.Versions).ThenInclude(v => v.Members)
            .FirstOrDefaultAsync(e => e.Name == name, cancellation) ?? throw NotFound(name);
        var target = ensemble.Versions.FirstOrDefault(v => v.Version == version)
            ?? throw new RefusalException(RefusalKind.NotFound, $"Ensemble '{name}' has no version {version}.");
        ensemble.ActiveVersion = version;
        await db.SaveChangesAsync(cancellation);
        await RefreshAsync(cancellation);
        return Info(ensemble, target);
    }

    public async Task RefreshAsync(CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var ensembles = await db.Ensembles.AsNoTracking().Include(e => e.Versions).ThenInclude(v => v.Members).ToListAsync(cancellation);
        _active = ensembles
            .Select(e => (e, v: e.Versions.First(v => v.Version == e.ActiveVersion)))
            .ToDictionary(p => p.e.Name, p => Spec(p.e, p.v), StringComparer.Ordinal);
        Refreshed?.Invoke();
    }

    // Validates weights against the loaded models and pins each member to its file's current SHA-256.
    private List<(string Model, double Weight)> Members(IReadOnlyDictionary<string, double>? weights)
    {
        if (weights is null || weights.Count == 0)
        {
            throw new RefusalException(RefusalKind.Invalid, "Give at least one member as \"weights\": {\"model\": weight}.", "weights");
        }

        foreach (var (model, weight) in weights)
        {
            if (registry.Find(model) is not { IsLoaded: true })
            {
                throw new RefusalException(RefusalKind.Invalid, $"'{model}' is not a loaded model.", "weights");
            }

            if (!double.IsFinite(weight) || weight < 0)
            {
                throw new RefusalException(RefusalKind.Invalid, $"The weight of '{model}' is {weight}; weights must be finite and non-negative.", "weights");
            }
        }

        if (weights.Values.Sum() <= 0)
        {
            throw new RefusalException(RefusalKind.Invalid, "At least one weight must be positive.", "weights");
        }

        return [.. weights.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => (w.Key, w.Value))];
    }

    private async Task<(EnsembleRecord, EnsembleVersionRecord)> InsertAsync(
        EnsembleDbContext db, string name, EnsembleMethod method, List<(string Model, double Weight)> members, Provenance provenance, int? studyId, string? note,
        CancellationToken cancellation)
    {
        var version = NewVersion(1, method, members, provenance, studyId, note);
        var ensemble = new EnsembleRecord { Name = name, ActiveVersion = 1, CreatedUtc = clock.GetUtcNow(), Versions = [version] };
        db.Ensembles.Add(ensemble);
        await db.SaveChangesAsync(cancellation);
        return (ensemble, version);
    }

    private EnsembleVersionRecord NewVersion(int number, EnsembleMethod method, List<(string Model, double Weight)> members, Provenance provenance, int? studyId, string? note)
    {
        var normalized = method == EnsembleMethod.Average
            ? [.. members.Select(_ => 1f / members.Count)]
            : Combiner.Normalize([.. members.Select(m => m.Weight)]);
        return new EnsembleVersionRecord
        {
            Version = number,
            Method = method,
            Provenance = provenance,
            StudyId = studyId,
            Note = note is { Length: > 500 } ? note[..500] : note,
            CreatedUtc = clock.GetUtcNow(),
            Members = [.. members.Select((m, i) => new EnsembleMemberRecord { Position = i, Model = m.Model, Sha256 = registry.Find(m.Model)!.Sha256, Weight = normalized[i] })],
        };
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new RefusalException(RefusalKind.Invalid, $"Names are 1 to {MaxNameLength} letters, digits, '-', '_' or '.'.", "name");
        }
    }

    private static RefusalException NotFound(string name) => new(RefusalKind.NotFound, $"No ensemble is named '{name}'.");

    private static EnsembleSpec Spec(EnsembleRecord e, EnsembleVersionRecord v) =>
        new(e.Name, v.Version, v.Method, [.. v.Members.OrderBy(m => m.Position).Select(m => new EnsembleMember(m.Model, m.Sha256, (float)m.Weight))]);

    private static EnsembleVersionInfo Info(EnsembleRecord e, EnsembleVersionRecord v) =>
        new(e.Name, v.Version, e.ActiveVersion == v.Version, v.Method, v.Provenance, v.StudyId, v.Note, v.CreatedUtc, Spec(e, v).Members);
}
