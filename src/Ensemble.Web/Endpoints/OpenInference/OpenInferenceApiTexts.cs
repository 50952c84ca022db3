namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>What the OpenAPI document says of each route of <see cref="OpenInferenceApi"/>, by operation id.</summary>
internal static class OpenInferenceApiTexts
{
    public const string OipServerMetadata =
        """
        The server's name, version and protocol extensions.
        """;

    public const string OipLive =
        """
        200 while the server process runs.
        """;

    public const string OipReady =
        """
        200 when at least one model serves, else 503.
        """;

    public const string ModelMetadata =
        """
        Name, versions, platform and the input and output tensors of a member model or an ensemble.
        """;

    public const string ModelReady =
        """
        200 when every member of the model is loaded and unchanged, else 503; 404 for an unknown model or version.
        """;

    public const string Infer =
        """
        One FP32 input named "input": for an image task [N,C,H,W] or [N,C·H·W] with values in [0, 1], for a features
        task [N,F]; flat or nested, row-major (the model's metadata gives the shapes). Returns "probabilities" [N,K]
        in the task's class order. The request's id is echoed and its outputs selection honoured.

        Binary data (Triton's extension): send the JSON header, then the input's little-endian FP32 bytes, with the
        header's length in Inference-Header-Content-Length and "parameters": {"binary_data_size": bytes} on the input.
        Ask for an output as bytes with "parameters": {"binary_data": true} on it (or "binary_data_output": true on
        the request): the answer is then the JSON header, with binary_data_size on the output, followed by its bytes,
        and carries Inference-Header-Content-Length.

        Classification: "parameters": {"classification": K} on the output returns BYTES [N,K], each
        "value:index:label", highest first.
        """;
}
