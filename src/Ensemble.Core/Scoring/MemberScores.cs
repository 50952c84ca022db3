using System.Collections.Concurrent;
using Ensemble.Core.Models;
using Ensemble.Core.Sidecars;

namespace Ensemble.Core.Scoring;

/// <summary>
/// Validation and test accuracy and log-loss of every loaded member: from its sidecar when the sidecar has them,
/// else computed by the app from the task's splits through the member-probability cache, once per file (SHA-256)
/// and task, in the background after each reload.
/// </summary>
public sealed class MemberScores(ModelRegistry registry, MemberProbabilityCache cache)
{
    private readonly ConcurrentDictionary<(string Sha, string Task), (SplitScore? Validation, SplitScore? Test)> _computed = new();

    /// <summary>Validation and test scores, and where they came from: "sidecar", "computed", or null while pending or impossible.</summary>
    public (SplitScore? Validation, SplitScore? Test, string? Source) Of(RegisteredModel model)
    {
        if (model.Validation is not null || model.Test is not null)
        {
            return (model.Validation, model.Test, "sidecar");
        }

        return _computed.TryGetValue((model.Sha256, model.TaskName), out var found) ? (found.Validation, found.Test, "computed") : (null, null, null);
    }

    /// <summary>Scores every loaded member that has no scores yet; a member that cannot be scored is skipped.</summary>
    public void ScoreMissing(CancellationToken cancellation)
    {
        foreach (var model in registry.Loaded.Where(m => m.Validation is null && m.Test is null && !_computed.ContainsKey((m.Sha256, m.TaskName))).ToList())
        {
            cancellation.ThrowIfCancellationRequested();
            _computed[(model.Sha256, model.TaskName)] = (Score(model, "validation"), Score(model, "test"));
        }
    }

    private SplitScore? Score(RegisteredModel model, string split)
    {
        if (model.Task?.Split(split) is not { } samples)
        {
            return null;
        }

        try
        {
            var score = new MixtureScorer(cache.Table([model.Name], split)).Evaluate([1f]);
            return new SplitScore(score.Accuracy, score.LogLoss, samples.Count);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Swapped or unloaded while it was being scored; the next reload scores its successor.
            return null;
        }
    }
}
