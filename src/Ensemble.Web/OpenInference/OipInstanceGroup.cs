namespace Ensemble.Web.OpenInference;

/// <summary>Where a member model runs and how many batches it runs at once: KIND_CPU or KIND_GPU, and the count.</summary>
internal sealed record OipInstanceGroup(string Kind, int Count);
