using System.Threading.Channels;
using Ensemble.Core.Models;
using Microsoft.Extensions.Options;

namespace Ensemble.Web.Hosting;

/// <summary>
/// Reloads the registry when anything in the model repository changes (a task folder, a model, a sidecar, a
/// split): a new or replaced model is loaded beside the old session and swapped in at once, and the old session
/// serves the requests that started on it. Reloads wait for the folder to go quiet, so a file still being copied
/// is not read. Hidden files and folders (staging, temporary files) are ignored.
/// </summary>
internal sealed class ModelFolderWatcher(ModelRegistry registry, IOptions<ModelsOptions> options, ILogger<ModelFolderWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Watch || !Directory.Exists(registry.Directory))
        {
            return;
        }

        var changes = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watcher = new FileSystemWatcher(registry.Directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            IncludeSubdirectories = true,
        };
        FileSystemEventHandler changed = (_, e) => Changed(e.FullPath);
        watcher.Created += changed;
        watcher.Changed += changed;
        watcher.Deleted += changed;
        watcher.Renamed += (_, e) =>
        {
            Changed(e.OldFullPath);
            Changed(e.FullPath);
        };
        watcher.Error += (_, e) =>
        {
            logger.LogWarning(e.GetException(), "Watching {Directory} overflowed or failed; reloading to catch up", registry.Directory);
            changes.Writer.TryWrite(registry.Directory);
        };
        watcher.EnableRaisingEvents = true;

        void Changed(string path)
        {
            if (!IsHidden(path))
            {
                changes.Writer.TryWrite(path);
            }
        }

        logger.LogInformation("Watching {Directory} for model changes", registry.Directory);

        var quiet = TimeSpan.FromMilliseconds(Math.Max(0, options.Value.WatchQuietMilliseconds));
        try
        {
            while (await changes.Reader.WaitToReadAsync(stoppingToken))
            {
                // Wait until a whole quiet period passes with no further change.
                while (changes.Reader.TryRead(out _))
                {
                    await Task.Delay(quiet, stoppingToken);
                }

                Reload();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // A hidden name anywhere below the repository: a staging folder, or an exporter's temporary file.
    private bool IsHidden(string path) =>
        Path.GetRelativePath(registry.Directory, path).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.') && part is not "." and not "..");

    private void Reload()
    {
        try
        {
            registry.Reload();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Reloading the models after a change failed; the models already loaded keep serving");
        }
    }
}
