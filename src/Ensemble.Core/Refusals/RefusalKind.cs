namespace Ensemble.Core.Ensembling;

public enum EnsembleErrorKind
{
    /// <summary>The request is malformed (bad weights, unknown model): 400.</summary>
    Invalid,

    /// <summary>No such ensemble or version: 404.</summary>
    NotFound,

    /// <summary>The name is taken, or a member's file changed since the weights were set: 409.</summary>
    Conflict,

    /// <summary>A member is not loaded: 503.</summary>
    Unavailable,
}
