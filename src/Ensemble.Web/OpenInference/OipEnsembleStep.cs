namespace Ensemble.Web.OpenInference;

/// <summary>One member of an ensemble in its configuration: the model and the weight its probabilities get.</summary>
internal sealed record OipEnsembleStep(string Model, float Weight);
