namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>What the OpenAPI document says of each route of <see cref="OipRepositoryApi"/>, by operation id.</summary>
internal static class OipRepositoryApiTexts
{
    public const string OipRepositoryIndex =
        """
        Every member model and every stored ensemble version, READY or UNAVAILABLE with the reason; {"ready": true}
        lists only the ready ones.
        """;

    public const string OipStatistics =
        """
        Per model and version: images inferred, runs executed, and count and nanoseconds of successes, failures, queue
        waits and compute, in Triton's field names.
        """;

    public const string ModelConfig =
        """
        The model's configuration as Triton's JSON shows it: platform, max_batch_size, input and output with data_type
        and dims (without the batch dimension), and for an ensemble its members and weights.
        """;

    public const string ModelStatistics =
        """
        The statistics of one model: every version that served, or the version asked for.
        """;
}
