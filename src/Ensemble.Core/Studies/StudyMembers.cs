namespace Ensemble.Core.Studies;

/// <summary>A study pins each member as "name@sha256", so its weights never apply to a changed file.</summary>
public static class StudyMembers
{
    public static string Pin(string model, string sha256) => $"{model}@{sha256}";

    public static (string Model, string Sha256) Parse(string pinned)
    {
        var at = pinned.LastIndexOf('@');
        return (pinned[..at], pinned[(at + 1)..]);
    }

    public static string Name(string pinned) => Parse(pinned).Model;
}
