namespace Ensemble.Web.Endpoints.Runs;

/// <summary>What the OpenAPI document says of each route of <see cref="RunsApi"/>, by operation id.</summary>
internal static class RunsApiTexts
{
    public const string RunEvents =
        """
        A server-sent event stream (`text/event-stream`, events named `run`) of every change to background work:
        queued, running (with the kind's live progress, at most every 200 ms per run), completed, failed, cancelled or
        interrupted. Each event is `{kind, id, status, progress}`. `kind` (Study, TrainingJob, Search) narrows it to
        one kind; with `id` as well, the stream opens with that run's current state and ends once the run has
        finished, so `curl -N` on it waits for a run without polling. 404 for an unknown run.
        """;
}
