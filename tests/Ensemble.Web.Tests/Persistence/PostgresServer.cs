using System.Diagnostics;

namespace Ensemble.Web.Tests.Persistence;

/// <summary>
/// A throw-away PostgreSQL server from Debian's package (apt-get install -y postgresql): a fresh cluster in a
/// temporary folder on a free loopback port, started for a test class and removed after it. initdb refuses to
/// run as root, so as root the server runs as the package's postgres user. Without the package the tests skip
/// locally and fail under CI=true, where .ci/run installs it.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string? _folder;

    public static string? BinDirectory { get; } = Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
        : null;

    public static bool Available => BinDirectory is not null;

    public static string MissingMessage => "PostgreSQL is missing: install Debian's postgresql (apt-get install -y postgresql) to run the PostgreSQL store tests.";

    public int Port { get; private set; }

    /// <summary>A connection string to a database of this name (created by the app's migrations).</summary>
    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true";

    public async Task InitializeAsync()
    {
        if (!Available)
        {
            return;
        }

        _folder = Directory.CreateTempSubdirectory("ensemble-postgres").FullName;
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres", _folder);
        }

        Port = LoopbackPort.Free();
        var data = Path.Combine(_folder, "data");
        await AsOwnerAsync(Path.Combine(BinDirectory!, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        // fsync off: the cluster lives for one test class; durability is not what these tests measure.
        await AsOwnerAsync(Path.Combine(BinDirectory!, "pg_ctl"), "-D", data, "-l", Path.Combine(_folder, "server.log"), "-w", "start",
            "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300");
    }

    public async Task DisposeAsync()
    {
        if (_folder is null)
        {
            return;
        }

        Npgsql.NpgsqlConnection.ClearAllPools();
        await AsOwnerAsync(Path.Combine(BinDirectory!, "pg_ctl"), "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(_folder, recursive: true);
    }

    private static Task AsOwnerAsync(string program, params string[] arguments) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
