using System.Net.Http.Json;
using System.Text.Json;

namespace Ensemble.Benchmarks;

/// <summary>
/// The app's resident memory as a new user meets it: its own process (Release, Production, the committed models, a
/// fresh database), RSS after each step: ready, every dashboard page, a 500-trial study, a one-epoch training job
/// (the peak while it runs and RSS after it), and a minute of load. Pages are opened in Debian's chromium and each
/// step waits for what the page shows once it has done its work (the members' scores, a prediction), since the
/// scoring runs in the page's live session, not in the first response.
/// </summary>
public static class MemoryProfile
{
    // Each page and what it shows when its start-up work is done; the layout's marker where that is all there is.
    private static readonly (string Path, string Ready)[] Pages =
    [
        ("/", "[data-testid=comparison]"),
        ("/ensembles", "[data-testid=live-accuracy]"),
        ("/tuning", "[data-interactive=true]"),
        ("/training", "[data-interactive=true]"),
        ("/search", "[data-interactive=true]"),
        ("/diversity", "[data-testid=confusion]"),
        ("/playground", "[data-testid=prediction]"),
        ("/signin", "[data-testid=signin-form], [data-testid=no-key]"),
    ];

    public static async Task RunAsync(string architecture, TimeSpan load)
    {
        await using var browser = await DashboardBrowser.StartAsync();
        using var server = await ServerProcess.StartAsync();
        using var api = new HttpClient { BaseAddress = new Uri(server.Address), Timeout = TimeSpan.FromMinutes(10) };
        var rows = new List<(string Step, double Rss, double? Peak)>();
        void Row(string step, double? peak = null)
        {
            rows.Add((step, server.ResidentMiB(), peak));
            Console.Error.WriteLine($"{step}: {rows[^1].Rss:F0} MiB");
        }

        Row("ready");
        foreach (var (path, ready) in Pages)
        {
            using var sampler = new PeakSampler(server);
            await browser.OpenAsync(new Uri(new Uri(server.Address), path), ready);
            Row($"page {path}", sampler.Peak);
        }

        using (var sampler = new PeakSampler(server))
        {
            var study = await api.PostAsJsonAsync("/api/studies", new { ensemble = "fashion-mnist-uniform", strategy = "RandomSearch", budget = 500, folds = 5, seed = 1 });
            await WaitForEndAsync(api, study, "Study");
            Row("500-trial study", sampler.Peak);
        }

        var beforeJob = server.ResidentMiB();
        using (var sampler = new PeakSampler(server))
        {
            var job = await api.PostAsJsonAsync("/api/training/jobs", new { architecture, epochs = 1 });
            await WaitForEndAsync(api, job, "TrainingJob");
            Row($"after a 1-epoch {architecture} job", sampler.Peak);
        }

        var afterJob = rows[^1].Rss;
        using (var sampler = new PeakSampler(server))
        {
            await HttpLoad.LoadAsync(server.Address, HttpRoute.Predict(HttpLoad.Images()), 16, load);
            Row($"{load.TotalSeconds:F0} s of load, 16 clients", sampler.Peak);
        }

        Console.WriteLine($"RSS of the app's own process (MiB), {Environment.ProcessorCount} cores; load from {(Wrk.IsInstalled ? "wrk" : "HttpClient")}");
        Console.WriteLine("| step | RSS after (MiB) | peak during (MiB) |");
        Console.WriteLine("|---|---|---|");
        foreach (var (step, rss, peak) in rows)
        {
            Console.WriteLine($"| {step} | {rss:F0} | {(peak is { } p ? p.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) : "")} |");
        }

        Console.WriteLine($"training job: {beforeJob:F0} MiB before, {afterJob:F0} MiB after ({afterJob - beforeJob:+0;-0} MiB)");
    }

    private static async Task WaitForEndAsync(HttpClient api, HttpResponseMessage created, string kind)
    {
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The app refused the {kind}: {body}");
        }

        var end = await RunEvents.EndAsync(api, kind, body.GetProperty("id").GetInt32(), TimeSpan.FromMinutes(30));
        if (end.GetProperty("status").GetString() != "Completed")
        {
            throw new InvalidOperationException($"{kind} {body.GetProperty("id")} ended {end}.");
        }
    }

    /// <summary>The highest RSS seen while a step runs, sampled from /proc every 20 ms on a thread of its own.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private double _peak;

        public PeakSampler(ServerProcess server)
        {
            _thread = new Thread(() =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    _peak = Math.Max(_peak, server.ResidentMiB());
                    _stop.Token.WaitHandle.WaitOne(20);
                }
            })
            { IsBackground = true };
            _thread.Start();
        }

        public double Peak
        {
            get
            {
                _stop.Cancel();
                _thread.Join();
                return _peak;
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join();
            _stop.Dispose();
        }
    }
}
