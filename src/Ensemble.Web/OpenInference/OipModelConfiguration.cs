namespace Ensemble.Web.OpenInference;

/// <summary>
/// What Triton's model configuration says of one member model or ensemble version, decided once and written by
/// REST as JSON and by gRPC as protobuf. Dimensions leave out the batch, as Triton's do when max_batch_size is set.
/// </summary>
internal sealed record OipModelConfiguration(
    string Name,
    string Platform,
    string Backend,
    int MaxBatchSize,
    IReadOnlyList<long> InputDims,
    long Classes,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    IReadOnlyList<OipEnsembleStep> Steps,
    OipInstanceGroup? InstanceGroup,
    OipDynamicBatching? DynamicBatching)
{
    public const string Fp32 = "TYPE_FP32";
    public const string InputFormat = "FORMAT_NONE";

    /// <summary>Each member's output as the ensemble's steps name it.</summary>
    public static string StepOutput(string member) => $"{member}_{OipProtocol.Output}";
}
