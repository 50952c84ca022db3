namespace Ensemble.Web.Endpoints.Samples;

/// <summary>What the OpenAPI document says of each route of <see cref="SamplesApi"/>, by operation id.</summary>
internal static class SamplesApiTexts
{
    public const string ListSamples =
        """
        Rows of a task's validation or test split (its data/ folder) with their true labels: `pixels` (C×H×W values in
        [0, 1], channels first) for an image task, `features` for a features task. `task` defaults to the default
        task. Paste one's `pixels` or `features` into POST /api/predict to try the API.
        """;
}
