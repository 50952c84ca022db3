namespace Ensemble.Core.Runs;

/// <summary>The kinds of background work the engine runs.</summary>
public enum RunKind
{
    /// <summary>A weight-tuning study on cached member probabilities.</summary>
    Study,

    /// <summary>A training job that makes one model.</summary>
    TrainingJob,

    /// <summary>A hyperparameter search: many short trainings.</summary>
    Search,
}
