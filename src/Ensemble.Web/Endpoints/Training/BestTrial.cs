namespace Ensemble.Web.Endpoints.Training;

/// <summary>A search's best trial so far, by validation accuracy at its highest rung.</summary>
public sealed record BestTrial(int Trial, double ValidationAccuracy);
