using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Ensemble.Core.Persistence;
using Ensemble.Core.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace Ensemble.Core.Versions;

/// <summary>
/// Versioned ensembles in the database, each of one task's members. Every change inserts a new immutable version;
/// activation only moves the ensemble's pointer. Members are pinned by name and SHA-256 so that stored weights
/// never silently apply to a changed model file. Active versions are cached for prediction and refreshed after
/// every write.
/// </summary>
public sealed class EnsembleStore(IDbContextFactory<EnsembleDbContext> databases, ModelRegistry registry, TimeProvider clock)
{
    private const int MaxNameLength = 64;

    /// <summary>The name of a task's uniform ensemble, which every task with a loaded member gets.</summary>
    public static string UniformName(string task) => $"{task}-uniform";

    /// <summary>
    /// The ensemble that serves <paramref name="task"/> when a request names none: the one its task.json names as
    /// defaultEnsemble while that is active and of this task, else the task's uniform ensemble.
    /// </summary>
    public string DefaultName(string task) =>
        registry.FindTask(task)?.Definition?.DefaultEnsemble is { } named && Active(named)?.Task == task ? named : UniformName(task);

    /// <summary>The active version of <see cref="DefaultName"/>; null while the task has no loaded member.</summary>
    public EnsembleSpec? Default(string task) => Active(DefaultName(task));

    private volatile Dictionary<string, EnsembleSpec> _active = [];

    /// <summary>A committed definition's members and calibration, under the version rules: loaded models of its task, each still the file it was pinned to.</summary>
    public (List<(string Model, double Weight)> Members, VersionCalibration Calibration) MembersOf(EnsembleDefinition definition, string task)
    {
        CheckName(definition.Name);
        if (definition.Members.GroupBy(m => m.Model).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new RefusalException(RefusalKind.Invalid, $"'{twice.Key}' is named twice among the members.", "members");
        }

        var (_, members) = Members(definition.Members.ToDictionary(m => m.Model, m => (double)m.Weight), task);
        if (definition.Members.FirstOrDefault(m => !string.IsNullOrEmpty(m.Sha256) && !string.Equals(m.Sha256, registry.Find(m.Model)!.Sha256, StringComparison.OrdinalIgnoreCase)) is { } changed)
        {
            throw new RefusalException(RefusalKind.Conflict, $"'{changed.Model}' is not the file this ensemble was made with (its SHA-256 differs); export the definition again from a version made with the current file.", "members");
        }

        var calibration = new VersionCalibration(definition.Members.ToDictionary(m => m.Model, m => m.Temperature), definition.Temperature, definition.AbstainBelow);
        return calibration.Problem() is { } problem ? throw new RefusalException(RefusalKind.Invalid, problem, "calibration") : (members, calibration);
    }

    /// <summary>
    /// Creates the ensemble unless the name is taken (by an ensemble or a model); <paramref name="members"/> are
    /// only worked out, and their problems only raised, when it is free. Replicas sharing a PostgreSQL database may
    /// start together: the first to create it wins. The cache is not refreshed: the caller does once it is done.
    /// </summary>
    public async Task<bool> CreateIfFreeAsync(
        string name, string task, EnsembleMethod method, Func<(List<(string Model, double Weight)>, VersionCalibration)> members, Provenance provenance,
        string note, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        if (registry.Find(name) is not null || await db.Ensembles.AnyAsync(e => e.Name == name, cancellation))
        {
            return false;
        }

        var (chosen, calibration) = members();
        try
        {
            await InsertAsync(db, name, task, method, chosen, provenance, null, note, cancellation, calibration);
            return true;
        }
        catch (DbUpdateException) when (!cancellation.IsCancellationRequested)
        {
            // Another replica sharing the database may have created it first; anything else is a real failure.
            db.ChangeTracker.Clear();
            if (!await db.Ensembles.AnyAsync(e => e.Name == name, cancellation))
            {
                throw;
            }

            return false;
        }
    }

    /// <summary>Raised after the active versions were read again (a change here, or another replica's seen by the refresher).</summary>
    public event Action? Refreshed;

    /// <summary>The active version of an ensemble, from the cache.</summary>
    public EnsembleSpec? Active(string name) => _active.GetValueOrDefault(name);

    public IReadOnlyList<EnsembleSpec> AllActive() => [.. _active.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>The active versions of one task's ensembles, its uniform first.</summary>
    public IReadOnlyList<EnsembleSpec> ActiveIn(string task) =>
        [.. _active.Values.Where(s => s.Task == task).OrderBy(s => s.Name != UniformName(task)).ThenBy(s => s.Name, StringComparer.Ordinal)];

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

        var (task, members) = Members(weights, task: null);
        var (ensemble, version) = await InsertAsync(db, name, task, method, members, Provenance.Manual, null, note, cancellation);
        await RefreshAsync(cancellation);
        return Info(ensemble, version);
    }

    /// <summary>
    /// Adds a version with new weights (and method) and, unless told otherwise, activates it. Without a
    /// <paramref name="calibration"/> the members keep the temperatures the active version gave them (they do not
    /// depend on the weights), while the mixture's temperature and the abstain threshold, fitted to the old mixture,
    /// are dropped.
    /// </summary>
    public async Task<EnsembleVersionInfo> AddVersionAsync(
        string name, EnsembleMethod method, IReadOnlyDictionary<string, double> weights, Provenance provenance, int? studyId, string? note, bool activate,
        CancellationToken cancellation = default, VersionCalibration? calibration = null)
    {
        if (calibration?.Problem() is { } problem)
        {
            throw new RefusalException(RefusalKind.Invalid, problem, "calibration");
        }

        calibration ??= Active(name) is { } current ? new VersionCalibration(current.Members.ToDictionary(m => m.Model, m => m.Temperature)) : null;
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var ensemble = await db.Ensembles.Include(e => e.Versions).FirstOrDefaultAsync(e => e.Name == name, cancellation) ?? throw NotFound(name);
        var (_, members) = Members(weights, ensemble.Task is "" ? null : ensemble.Task);
        var version = NewVersion(ensemble.Versions.Max(v => v.Version) + 1, method, members, provenance, studyId, note, calibration);
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

    // Validates weights against the loaded models of one task and pins each member to its file's current SHA-256.
    private (string Task, List<(string Model, double Weight)> Members) Members(IReadOnlyDictionary<string, double>? weights, string? task)
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

        var tasks = weights.Keys.GroupBy(m => registry.Find(m)!.TaskName).ToList();
        if (tasks.Count > 1)
        {
            throw new RefusalException(RefusalKind.Invalid,
                $"An ensemble combines the members of one task; these belong to {string.Join(" and ", tasks.Select(t => $"'{t.Key}' ({string.Join(", ", t)})"))}.", "weights");
        }

        var found = tasks[0].Key;
        if (task is not null && found != task)
        {
            throw new RefusalException(RefusalKind.Invalid, $"This ensemble combines members of task '{task}'; {string.Join(", ", tasks[0])} belong to '{found}'.", "weights");
        }

        return (found, [.. weights.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => (w.Key, w.Value))]);
    }

    private async Task<(EnsembleRecord, EnsembleVersionRecord)> InsertAsync(
        EnsembleDbContext db, string name, string task, EnsembleMethod method, List<(string Model, double Weight)> members, Provenance provenance, int? studyId, string? note,
        CancellationToken cancellation, VersionCalibration? calibration = null)
    {
        var version = NewVersion(1, method, members, provenance, studyId, note, calibration);
        var ensemble = new EnsembleRecord { Name = name, Task = task, ActiveVersion = 1, CreatedUtc = clock.GetUtcNow(), Versions = [version] };
        db.Ensembles.Add(ensemble);
        await db.SaveChangesAsync(cancellation);
        return (ensemble, version);
    }

    private EnsembleVersionRecord NewVersion(
        int number, EnsembleMethod method, List<(string Model, double Weight)> members, Provenance provenance, int? studyId, string? note, VersionCalibration? calibration = null)
    {
        calibration ??= VersionCalibration.None;
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
            Temperature = calibration.Temperature,
            AbstainBelow = calibration.AbstainBelow,
            Members = [.. members.Select((m, i) => new EnsembleMemberRecord
            {
                Position = i,
                Model = m.Model,
                Sha256 = registry.Find(m.Model)!.Sha256,
                Weight = normalized[i],
                Temperature = calibration.MemberTemperatures.GetValueOrDefault(m.Model, 1f),
            })],
        };
    }

    /// <summary>Refuses a name that is not 1 to 64 letters, digits, '-', '_' or '.'.</summary>
    public static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new RefusalException(RefusalKind.Invalid, $"Names are 1 to {MaxNameLength} letters, digits, '-', '_' or '.'.", "name");
        }
    }

    private static RefusalException NotFound(string name) => new(RefusalKind.NotFound, $"No ensemble is named '{name}'.");

    private static EnsembleSpec Spec(EnsembleRecord e, EnsembleVersionRecord v) =>
        new(e.Name, v.Version, v.Method, [.. v.Members.OrderBy(m => m.Position).Select(m => new EnsembleMember(m.Model, m.Sha256, (float)m.Weight) { Temperature = (float)m.Temperature })])
        {
            Task = e.Task,
            Temperature = (float)v.Temperature,
            AbstainBelow = (float?)v.AbstainBelow,
        };

    private static EnsembleVersionInfo Info(EnsembleRecord e, EnsembleVersionRecord v) =>
        new(e.Name, v.Version, e.ActiveVersion == v.Version, v.Method, v.Provenance, v.StudyId, v.Note, v.CreatedUtc, Spec(e, v).Members)
        {
            Task = e.Task,
            Temperature = (float)v.Temperature,
            AbstainBelow = (float?)v.AbstainBelow,
        };
}
