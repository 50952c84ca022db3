using Ensemble.Core.Scoring;

namespace Ensemble.Core.Tuning;

/// <summary>A way of proposing ensemble weights from fit data; trials arrive one by one so progress can be shown.</summary>
public interface ITuningStrategy
{
    string Name { get; }

    IEnumerable<Trial> Run(MixtureScorer fit, CancellationToken cancellation = default);

    /// <summary>
    /// After a run: how far its best loss can still be above the true optimum, in nats, for a strategy that can
    /// bound it; null for searches, which have no optimum to measure against.
    /// </summary>
    double? OptimalityGap => null;
}
