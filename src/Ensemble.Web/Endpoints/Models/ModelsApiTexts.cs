namespace Ensemble.Web.Endpoints.Models;

/// <summary>What the OpenAPI document says of each route of <see cref="ModelsApi"/>, by operation id.</summary>
internal static class ModelsApiTexts
{
    public const string ListModels =
        """
        Each *.onnx file of every task folder with its task, architecture, parameter count, execution provider (CUDA
        or CPU), status (a failed model carries its reason and is left out of serving), its adapter (input layout and
        normalization, output kind, class order), validation and test accuracy and log-loss (from its sidecar, or
        computed by the app from the task's splits: `metricsSource`), and the SHA-256 of the file.
        """;

    public const string GetModel =
        """
        The same fields as the list, for one model; 404 when no model file has that name.
        """;
}
