namespace Ensemble.Tasks.Tests.Data;

/// <summary>The .npz files numpy wrote (Fixtures/make_npz.py), and the formula their pixels follow.</summary>
public static class NpzFixtures
{
    public static string Directory { get; } = System.IO.Path.Combine(RepositoryPaths.Root, "tests", "Ensemble.Tasks.Tests", "Data", "Fixtures");

    public static string Path(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>pixel = (31n + 11c + 7h + 3w) mod 256.</summary>
    public static byte Pixel(int n, int c, int h, int w) => (byte)((31 * n + 11 * c + 7 * h + 3 * w) % 256);
}
