namespace Ensemble.Web.OpenInference;

/// <summary>
/// The names every model speaks on the Open Inference Protocol, REST and gRPC alike: one FP32 input "input" (the
/// task's raw input) and the output "probabilities" [N,K] in the task's class order, or its top classes as BYTES;
/// on request also the uncertainty outputs "entropy", "mutual_information" and "agreement" (FP32 [N]) and
/// "abstain" (BOOL [N]).
/// </summary>
internal static class OipProtocol
{
    public const string ServerName = "ensemble";
    public const string Input = "input";
    public const string Output = "probabilities";
    public const string Entropy = "entropy";
    public const string MutualInformation = "mutual_information";
    public const string Agreement = "agreement";
    public const string Abstain = "abstain";
    public const string Bool = "BOOL";
    public const string Fp32 = "FP32";
    public const string Bytes = "BYTES";
    public const string MemberPlatform = "onnxruntime_onnx";
    public const string EnsemblePlatform = "ensemble";

    /// <summary>The extensions this server implements, as Triton names them.</summary>
    public static IReadOnlyList<string> Extensions { get; } = ["binary_tensor_data", "classification", "model_configuration", "model_repository", "statistics"];

    /// <summary>The outputs a request may name beside <see cref="Output"/>, with their datatypes.</summary>
    public static IReadOnlyDictionary<string, string> ExtraOutputs { get; } = new Dictionary<string, string>
    {
        [Entropy] = Fp32,
        [MutualInformation] = Fp32,
        [Agreement] = Fp32,
        [Abstain] = Bool,
    };

    public static string ServerVersion { get; } = typeof(OipProtocol).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";
}
