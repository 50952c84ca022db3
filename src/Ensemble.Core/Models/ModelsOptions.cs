namespace Ensemble.Core.Models;

/// <summary>The "Models" configuration section. Relative paths are found from the app's folder upwards.</summary>
public sealed class ModelsOptions
{
    public const string Section = "Models";

    public string Directory { get; set; } = "models";

    public string DataDirectory { get; set; } = "models/data";
}
