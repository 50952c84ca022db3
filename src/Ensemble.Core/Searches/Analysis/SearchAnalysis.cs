namespace Ensemble.Core.Searches.Analysis;

/// <summary>
/// Why a trial won: the optimization history, every free dimension's values with each trial's score for parallel
/// coordinates, and each dimension's importance, with what the importance was computed from.
/// </summary>
public sealed record SearchAnalysis(
    IReadOnlyList<HistoryPoint> History,
    IReadOnlyList<int> Trials,
    IReadOnlyList<double> Scores,
    IReadOnlyList<DimensionValues> Dimensions,
    IReadOnlyList<DimensionImportance> Importance,
    string ImportanceMethod,
    int ImportanceEpochs,
    int ImportanceTrials);
