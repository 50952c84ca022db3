namespace Ensemble.Core.Hyperparameters;

/// <summary>
/// How much a search may spend and how it chooses: its schedule, its sampler (with the random start-up trials a
/// model-based one begins with), the epochs of the first and last rung, the halving rate η, and the subsets of the
/// training and validation splits it trains and scores on, so a search fits in minutes (a task with fewer samples
/// than a subset asks for uses all it has).
/// </summary>
public sealed record SearchBudget
{
    public SearchMode Mode { get; init; } = SearchMode.SuccessiveHalving;

    public Sampling.SamplerKind Sampler { get; init; } = Sampling.SamplerKind.Random;

    /// <summary>Trials a model-based sampler draws at random before it models the scores.</summary>
    public int StartupTrials { get; init; } = 5;

    /// <summary>Configurations in the first rung of successive halving (Hyperband derives its own).</summary>
    public int Trials { get; init; } = 9;

    public int MinEpochs { get; init; } = 1;

    public int MaxEpochs { get; init; } = 9;

    public int Eta { get; init; } = 3;

    public int TrainImages { get; init; } = 2_000;

    public int ValidationImages { get; init; } = 1_000;

    public int BatchSize { get; init; } = 64;

    public int Seed { get; init; } = 1;

    public const int MaxTrials = 243;
    public const int MaxEpochsLimit = 100;
    public const int MinEta = 2;
    public const int MaxEta = 10;
    public const int MinTrainImages = 64;
    public const int MinValidationImages = 100;
    public const int MaxImages = 10_000_000;
    public const int MaxBatchSize = 1024;
    private const int MaxPlannedEpochs = 5_000;

    /// <summary>The first problem with the budget, or null when it is usable.</summary>
    public string? Problem() =>
        !Enum.IsDefined(Mode) ? "Unknown mode."
        : !Enum.IsDefined(Sampler) ? "Unknown sampler."
        : StartupTrials is < 1 or > MaxTrials ? $"startupTrials must be between 1 and {MaxTrials}."
        : Trials is < 1 or > MaxTrials ? $"trials must be between 1 and {MaxTrials}."
        : MinEpochs < 1 || MaxEpochs < MinEpochs || MaxEpochs > MaxEpochsLimit ? $"Epochs must satisfy 1 ≤ minEpochs ≤ maxEpochs ≤ {MaxEpochsLimit}."
        : Eta is < MinEta or > MaxEta ? $"eta must be between {MinEta} and {MaxEta}."
        : TrainImages is < MinTrainImages or > MaxImages ? $"trainImages must be between {MinTrainImages} and {MaxImages:N0}."
        : ValidationImages is < MinValidationImages or > MaxImages ? $"validationImages must be between {MinValidationImages} and {MaxImages:N0}."
        : BatchSize is < 1 or > MaxBatchSize ? $"batchSize must be between 1 and {MaxBatchSize}."
        : HalvingSchedule.PlannedEpochs(HalvingSchedule.Brackets(this)) > MaxPlannedEpochs ? $"The schedule would train more than {MaxPlannedEpochs:N0} epochs in all; lower trials or the epochs."
        : null;
}
