namespace Ensemble.Core.Tuning;

/// <summary>A way of proposing ensemble weights from fit data; trials arrive one by one so progress can be shown.</summary>
public interface ITuningStrategy
{
    string Name { get; }

    IEnumerable<Trial> Run(MixtureScorer fit, CancellationToken cancellation = default);
}
