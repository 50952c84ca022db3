namespace Ensemble.Web.Tests.Endpoints;

/// <summary>Waits for work on the app's background workers by polling its API, with a generous bound.</summary>
public static class Polling
{
    public static async Task Until(Func<Task<bool>> condition, int seconds = 120)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!await condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
