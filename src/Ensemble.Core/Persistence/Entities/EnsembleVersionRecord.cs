using Ensemble.Core.Ensembling;

namespace Ensemble.Core.Persistence.Entities;

/// <summary>One immutable version of an ensemble: its method, members, calibration and where it came from.</summary>
public sealed class EnsembleVersionRecord
{
    public int Id { get; set; }

    public int EnsembleId { get; set; }

    public int Version { get; set; }

    public EnsembleMethod Method { get; set; }

    public Provenance Provenance { get; set; }

    /// <summary>The tuning study that produced the weights, when <see cref="Provenance"/> is Study.</summary>
    public int? StudyId { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    /// <summary>The temperature scaling of the mixture, fitted by a study; 1 serves it as mixed.</summary>
    public double Temperature { get; set; } = 1;

    /// <summary>The confidence below which a prediction is flagged to abstain; null never abstains.</summary>
    public double? AbstainBelow { get; set; }

    public List<EnsembleMemberRecord> Members { get; set; } = [];
}
