namespace Ensemble.Testing;

/// <summary>
/// What a test needs from the machine beyond the repository (a browser, a database server, a dataset). The README's
/// test command installs all of it; without it a test skips with how to install it, and under CI=true it fails,
/// so a missing package can never pass unnoticed.
/// </summary>
public static class Prerequisite
{
    public static void Require(bool available, string missingMessage)
    {
        if (available)
        {
            return;
        }

        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", missingMessage);
        Skip.If(true, missingMessage);
    }
}
