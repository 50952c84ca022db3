using Ensemble.Core.Scoring;

namespace Ensemble.Core.Studies;

/// <summary>Live progress of a running study; <see cref="Expected"/> is null where the strategy decides when it stops.</summary>
public sealed record StudyProgress(int StudyId, int Done, int? Expected, double TrialsPerSecond, TimeSpan? Remaining, Score? BestFit);
