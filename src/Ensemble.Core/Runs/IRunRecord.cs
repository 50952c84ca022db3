namespace Ensemble.Core.Runs;

/// <summary>The columns every kind of run shares; the engine owns them, the kind's handler owns the rest of its row.</summary>
public interface IRunRecord
{
    int Id { get; }

    RunStatus Status { get; set; }

    /// <summary>Why it failed, for <see cref="RunStatus.Failed"/>.</summary>
    string? Error { get; set; }

    DateTimeOffset CreatedUtc { get; set; }

    /// <summary>When it first started; a resumed run keeps its first start.</summary>
    DateTimeOffset? StartedUtc { get; set; }

    DateTimeOffset? FinishedUtc { get; set; }
}
