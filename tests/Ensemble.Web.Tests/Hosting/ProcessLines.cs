using System.Diagnostics;

namespace Ensemble.Web.Tests.Hosting;

/// <summary>
/// The lines a child process writes (stdout and stderr), kept and awaitable: a test waits for the app to say it has
/// started, received a request or begun shutting down, instead of asking it on a timer.
/// </summary>
public sealed class ProcessLines
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiting = [];

    public ProcessLines(Process process)
    {
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
    }

    /// <summary>Everything written so far, for a failure message.</summary>
    public string Text
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>The first line, written before or after this call, that contains <paramref name="text"/>.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan bound)
    {
        Task<string> found;
        lock (_lock)
        {
            if (_lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            var source = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((l => l.Contains(text, StringComparison.Ordinal), source));
            found = source.Task;
        }

        try
        {
            return await found.WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The process did not write \"{text}\" within {bound.TotalSeconds:F0} s. It wrote:\n{Text}");
        }
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _lines.Add(line);
            foreach (var (match, found) in _waiting.Where(w => w.Match(line)))
            {
                found.TrySetResult(line);
            }

            _waiting.RemoveAll(w => w.Found.Task.IsCompleted);
        }
    }
}
