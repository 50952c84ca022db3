namespace Ensemble.Web.Endpoints.Studies;

/// <summary>A baseline's accuracy on the study's pooled held-out rows and on test.</summary>
public sealed record BaselineScores(double HeldOutAccuracy, double TestAccuracy);
