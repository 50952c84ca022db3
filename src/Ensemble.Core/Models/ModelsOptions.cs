namespace Ensemble.Core.Models;

/// <summary>The "Models" configuration section. Relative paths are found from the app's folder upwards.</summary>
public sealed class ModelsOptions
{
    public const string Section = "Models";

    /// <summary>The model repository: one folder per task, each with task.json, its members and data/.</summary>
    public string Directory { get; set; } = "models";

    /// <summary>The task that requests naming no task or ensemble go to; null means the first usable task by name.</summary>
    public string? DefaultTask { get; set; }

    /// <summary>Reload when a model file is added, changed or removed.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>How long the folder must stay quiet after a change before it is reloaded, so a copy in progress is not read half-written.</summary>
    public int WatchQuietMilliseconds { get; set; } = 500;

    /// <summary>
    /// Time every member after it loads (<see cref="MemberTimings"/>): a few hundred milliseconds of CPU per member,
    /// in the background. Off, members show no measured time and limits in milliseconds are refused.
    /// </summary>
    public bool TimeMembers { get; set; } = true;
}
