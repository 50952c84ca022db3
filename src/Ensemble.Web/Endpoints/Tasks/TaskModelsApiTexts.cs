namespace Ensemble.Web.Endpoints.Tasks;

/// <summary>What the OpenAPI document says of each route of <see cref="TaskModelsApi"/>, by operation id.</summary>
internal static class TaskModelsApiTexts
{
    public const string UploadModel =
        """
        Multipart upload: `model`, the .onnx file; optionally `sidecar`, its JSON sidecar (input layout, scale,
        mean/std, output name and kind, class order, as the README's "bring your own models" says), and `name`
        (default: the file's name without .onnx). The model is inspected first as the registry would load it (ONNX
        Runtime, the adapter, a probe on the task's validation rows) and stored only when it would serve: 400 with
        every reason otherwise, 404 for an unknown task, 409 for a taken name; nothing is stored on any refusal.
        Limit: `Limits:MaxRequestBodyBytes`.
        """;
}
