namespace Ensemble.Web.Endpoints.Training;

/// <summary>The search, and its trial, whose configuration a job trains in full.</summary>
public sealed record PromotedTrial(int SearchId, int Trial);
