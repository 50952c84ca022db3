namespace Ensemble.Web.Endpoints.Studies;

/// <summary>The member with the best held-out accuracy, served alone: its name and its accuracy held out and on test.</summary>
public sealed record BestSingleScores(string Model, double HeldOutAccuracy, double TestAccuracy);
