using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Ensemble.Core.Versions;

namespace Ensemble.Web.OpenInference;

/// <summary>
/// Resolves an Open Inference Protocol model name and version, for every protocol: a member model (version "1"
/// only) or an ensemble (its stored versions; none given means the active one). Refusals say why: not found, or
/// unavailable (a model that failed to load, an ensemble whose task left the repository).
/// </summary>
internal sealed class OipModels(ModelRegistry registry, EnsembleStore store)
{
    public async Task<OipTarget> ResolveAsync(string name, string? version, CancellationToken cancellation = default)
    {
        version = string.IsNullOrEmpty(version) ? null : version;
        if (registry.Find(name) is { } model)
        {
            if (version is not (null or "1"))
            {
                throw new RefusalException(RefusalKind.NotFound, $"Model '{name}' has only version 1.");
            }

            if (!model.IsLoaded)
            {
                throw new RefusalException(RefusalKind.Unavailable, $"Model '{name}' failed to load: {model.Error}");
            }

            var spec = new EnsembleSpec(name, 1, EnsembleMethod.Average, [new EnsembleMember(name, model.Sha256, 1f)], Pinned: false) { Task = model.TaskName };
            return new OipTarget(spec, OipProtocol.MemberPlatform, model.Task!.Usable);
        }

        if (store.Active(name) is not { } active)
        {
            throw new RefusalException(RefusalKind.NotFound, $"No model or ensemble is named '{name}'.");
        }

        if (registry.FindTask(active.Task) is not { IsUsable: true } task)
        {
            throw new RefusalException(RefusalKind.Unavailable, TaskGone(name, active.Task));
        }

        // The active version answers without a database read: that is the hot path.
        if (version is null)
        {
            return new OipTarget(active, OipProtocol.EnsemblePlatform, task.Usable);
        }

        var stored = int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? await store.VersionAsync(name, number, cancellation)
            : null;
        return stored is null
            ? throw new RefusalException(RefusalKind.NotFound, $"Ensemble '{name}' has no version {version}.")
            : new OipTarget(stored, OipProtocol.EnsemblePlatform, task.Usable);
    }

    /// <summary>Why the target cannot serve now (a member missing, failed or changed), or null when it can.</summary>
    public string? WhyNotReady(OipTarget target) => WhyNotReady(target.Spec.Name, target.Spec.Task, target.Spec.Method, target.Spec.Members);

    /// <summary>
    /// Why a stored version of ensemble <paramref name="name"/> cannot serve now, or null when it can; a member of
    /// weight 0 is not run, so its file does not matter.
    /// </summary>
    public string? WhyNotReady(string name, string task, EnsembleMethod method, IReadOnlyList<EnsembleMember> members) =>
        registry.FindTask(task) is not { IsUsable: true }
            ? TaskGone(name, task)
            : EnsembleSpec.Running(method, members).All(m => registry.Find(m.Model) is { IsLoaded: true } model && model.Sha256 == m.Sha256)
                ? null
                : $"Model '{name}' is not ready: a member is missing, failed or changed.";

    /// <summary>Whether the server serves: at least one model is loaded.</summary>
    public bool ServerReady => registry.Loaded.Any();

    private static string TaskGone(string name, string task) =>
        $"Ensemble '{name}' belongs to task '{task}', which is not in the model repository now.";

    /// <summary>The versions the target's name has: "1" for a member model, every stored version of an ensemble.</summary>
    public async Task<IReadOnlyList<string>> VersionsAsync(OipTarget target, CancellationToken cancellation = default) =>
        target.IsEnsemble
            ? [.. (await store.VersionsAsync(target.Spec.Name, cancellation)).Select(v => v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))]
            : ["1"];
}
