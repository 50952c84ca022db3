namespace Ensemble.Web.OpenInference;

/// <summary>The "OpenInference" configuration section: where the protocol's gRPC service listens.</summary>
public sealed class OpenInferenceOptions
{
    public const string Section = "OpenInference";

    /// <summary>The gRPC service's own HTTP/2 port (8001, as Triton's); 0 turns gRPC off.</summary>
    public int GrpcPort { get; set; } = 8001;

    /// <summary>
    /// Where it listens: "localhost" (the default, this machine only), an IP address, or "*" for every interface,
    /// which, as for the HTTP port, only a deployment that means it should set.
    /// </summary>
    public string GrpcHost { get; set; } = "localhost";
}
