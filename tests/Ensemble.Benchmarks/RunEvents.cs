using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Ensemble.Benchmarks;

/// <summary>Follows one run through the app's event stream (GET /api/runs/events), as any client can: pushed, not polled.</summary>
internal static class RunEvents
{
    /// <summary>Reads the run's events until one satisfies <paramref name="until"/>; the stream ends by itself when the run finishes.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient api, string kind, int id, Func<JsonElement, bool> until, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        using var response = await api.GetAsync($"/api/runs/events?kind={kind}&id={id}", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        JsonElement last = default;
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(timeout.Token))
        {
            last = JsonDocument.Parse(item.Data).RootElement.Clone();
            if (until(last))
            {
                return last;
            }
        }

        throw new InvalidOperationException($"{kind} {id} ended ({last}) before the awaited event.");
    }

    /// <summary>Until the run finishes; its last event.</summary>
    public static Task<JsonElement> EndAsync(HttpClient api, string kind, int id, TimeSpan bound) =>
        WaitAsync(api, kind, id, e => e.GetProperty("status").GetString() is not ("Queued" or "Running"), bound);
}
