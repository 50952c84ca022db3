using System.Collections.Concurrent;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Ensemble.Core.Persistence;
using Ensemble.Core.Tasks;
using Ensemble.Core.Versions;
using Microsoft.EntityFrameworkCore;

namespace Ensemble.Web.Hosting;

/// <summary>
/// What the database gets before the app serves, and again whenever a task or a model appears: migrations (and
/// SQLite's WAL), the task of ensembles stored before tasks existed, each task's uniform ensemble over every loaded
/// member, and an ensemble for every definition committed in the task's <see cref="EnsembleDefinition.Folder"/>
/// folder whose name is free. An existing ensemble is never overwritten; the version rules are the store's.
/// </summary>
public sealed class EnsembleSeeder(IDbContextFactory<EnsembleDbContext> databases, EnsembleStore store, ModelRegistry registry, ILogger<EnsembleSeeder> logger)
{
    private readonly SemaphoreSlim _seeding = new(1, 1);
    private readonly ConcurrentDictionary<string, byte> _reported = new(StringComparer.Ordinal);

    /// <summary>At start-up: prepares the database, seeds what is missing and fills the store's cache.</summary>
    public async Task InitializeAsync(CancellationToken cancellation = default)
    {
        await using (var db = await databases.CreateDbContextAsync(cancellation))
        {
            await DatabaseMigrator.PrepareAsync(db, cancellation);
            await AssignTasksAsync(db, cancellation);
        }

        await CreateMissingAsync(cancellation);
        await store.RefreshAsync(cancellation);
    }

    /// <summary>
    /// Creates what each task with loaded members should have and lacks, then refreshes the store's cache if
    /// anything was created. A definition that cannot be seeded (a member missing or changed, a bad file) is
    /// logged once with its reason and tried again after the next change.
    /// </summary>
    public async Task EnsureTaskEnsemblesAsync(CancellationToken cancellation = default)
    {
        if (await CreateMissingAsync(cancellation))
        {
            await store.RefreshAsync(cancellation);
        }
    }

    private async Task<bool> CreateMissingAsync(CancellationToken cancellation)
    {
        var created = false;
        await _seeding.WaitAsync(cancellation);
        try
        {
            foreach (var task in registry.Tasks.Where(t => t.IsUsable))
            {
                var loaded = registry.LoadedIn(task.Name).Select(m => (m.Name, 1.0)).ToList();
                if (loaded.Count == 0)
                {
                    continue;
                }

                var uniform = EnsembleStore.UniformName(task.Name);
                if (await store.CreateIfFreeAsync(uniform, task.Name, EnsembleMethod.Average, () => (loaded, VersionCalibration.None), Provenance.Default,
                    "every model of the task loaded when it first served", cancellation))
                {
                    logger.LogInformation("Created the uniform ensemble {Name} over {Count} models", uniform, loaded.Count);
                    created = true;
                }

                created |= await CreateCommittedAsync(task, cancellation);
            }
        }
        finally
        {
            _seeding.Release();
        }

        return created;
    }

    private async Task<bool> CreateCommittedAsync(ServedTask task, CancellationToken cancellation)
    {
        var created = false;
        foreach (var (file, definition, problem) in EnsembleDefinition.ReadAll(task.Folder))
        {
            var where = Path.Combine(task.Name, EnsembleDefinition.Folder, Path.GetFileName(file));
            if (definition is null || registry.Find(definition.Name) is not null)
            {
                ReportOnce(where, problem ?? $"'{definition!.Name}' is the name of a model; models and ensembles share one name space.");
                continue;
            }

            try
            {
                if (await store.CreateIfFreeAsync(definition.Name, task.Name, definition.Method, () => store.MembersOf(definition, task.Name), Provenance.Committed,
                    definition.Note ?? $"committed as {where}", cancellation))
                {
                    logger.LogInformation("Created the ensemble {Name} over {Count} models from {File}", definition.Name, definition.Members.Count, where);
                    created = true;
                }
            }
            catch (RefusalException refused)
            {
                ReportOnce(where, refused.Message);
            }
        }

        return created;
    }

    private void ReportOnce(string file, string problem)
    {
        if (_reported.TryAdd($"{file}\n{problem}", 0))
        {
            logger.LogWarning("The ensemble definition {File} was not seeded: {Problem}", file, problem);
        }
    }

    // Ensembles stored before tasks existed take the task of their members, as the registry finds them now.
    private async Task AssignTasksAsync(EnsembleDbContext db, CancellationToken cancellation)
    {
        var untasked = await db.Ensembles.Include(e => e.Versions).ThenInclude(v => v.Members).Where(e => e.Task == "").ToListAsync(cancellation);
        foreach (var ensemble in untasked)
        {
            var task = ensemble.Versions.SelectMany(v => v.Members).Select(m => registry.Find(m.Model)?.TaskName).FirstOrDefault(t => !string.IsNullOrEmpty(t));
            if (task is not null)
            {
                ensemble.Task = task;
                logger.LogInformation("Ensemble {Name} belongs to task {Task}, its members' task", ensemble.Name, task);
            }
        }

        await db.SaveChangesAsync(cancellation);
    }
}
