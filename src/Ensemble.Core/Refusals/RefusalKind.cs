namespace Ensemble.Core.Refusals;

/// <summary>Which rule a refused request broke, and so how HTTP (and any other protocol) answers it.</summary>
public enum RefusalKind
{
    /// <summary>The request is malformed (bad weights, unknown model, out-of-range settings): 400.</summary>
    Invalid,

    /// <summary>No such ensemble, version, study, job or search: 404.</summary>
    NotFound,

    /// <summary>The name is taken, the work is in the wrong state, or a member's file changed since the weights were set: 409.</summary>
    Conflict,

    /// <summary>Something the request needs is missing (a member not loaded, the training data not installed): 503.</summary>
    Unavailable,
}
