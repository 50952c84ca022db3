namespace Ensemble.Web.Endpoints.Training;

/// <summary>Which trial to train in full (the best by default), for how many epochs (20 by default), and the model's name.</summary>
public sealed record PromoteRequest(int? Trial = null, int? Epochs = null, string? Name = null);
