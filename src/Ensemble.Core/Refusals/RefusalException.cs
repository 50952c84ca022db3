namespace Ensemble.Core.Ensembling;

/// <summary>Why an ensemble operation was refused; <see cref="Kind"/> says how a caller should answer.</summary>
public sealed class EnsembleException(EnsembleErrorKind kind, string message, string field = "") : Exception(message)
{
    public EnsembleErrorKind Kind { get; } = kind;

    /// <summary>The request field at fault, for validation errors.</summary>
    public string Field { get; } = field;
}
