using System.IO.Compression;
using System.Net;
using Ensemble.Web.Endpoints.Models;
using Ensemble.Web.Endpoints.Tasks;

namespace Ensemble.Web.Tests.Endpoints;

public sealed class TaskUploadTests : IDisposable
{
    // A small inflation limit, so the zip bomb below is cut short after a megabyte.
    private readonly EnsembleAppFactory _app = new() { Settings = new Dictionary<string, string> { ["Limits:MaxTaskBytes"] = "1048576" } };
    private readonly HttpClient _client;

    public TaskUploadTests() => _client = _app.CreateClient();

    [Fact]
    public async Task AZippedTaskFolder_IsInspected_Stored_AndServedWithItsUniformEnsemble()
    {
        var definition = File.ReadAllText(Path.Combine(CommittedTasks.DigitsDirectory, "task.json")).Replace("\"name\": \"digits\"", "\"name\": \"letters\"", StringComparison.Ordinal);
        var zip = Zip(("letters/task.json", System.Text.Encoding.UTF8.GetBytes(definition)),
            ("letters/data/validation.npz", Committed("data/validation.npz")), ("letters/data/test.npz", Committed("data/test.npz")),
            ("letters/up-mlp.onnx", Committed("digits-mlp.onnx")), ("letters/up-mlp.json", Committed("digits-mlp.json")));

        var response = await _client.PostAsync("/api/tasks", Form(zip, "letters.zip"));
        var models = await _client.GetJson<ModelResponse[]>("/api/models");
        var tasks = await _client.GetJson<TaskResponse[]>("/api/tasks");

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Contains(tasks, t => t.Name == "letters");
        Assert.Contains(models, m => m.Name == "up-mlp" && m.Task == "letters" && m.Status == Ensemble.Core.Models.ModelStatus.Loaded);
        Assert.True(File.Exists(Path.Combine(_app.RepositoryDirectory, "letters", "data", "test.npz")));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/ensembles/letters-uniform")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync("/api/tasks", Form(zip, "letters.zip"))).StatusCode);
    }

    public static TheoryData<string, byte[], string> Refused => new()
    {
        { "climbs out", Zip(("task.json", Task()), ("../escaped.txt", "x"u8.ToArray())), "climbs out of the task folder" },
        { "absolute path", Zip(("task.json", Task()), ("/etc/escaped.txt", "x"u8.ToArray())), "absolute or climbs out" },
        { "zip bomb", Zip(("task.json", Task()), ("data/zeros.bin", new byte[8 << 20])), "inflates to more than 1,048,576 bytes" },
        { "not a zip", "plain text"u8.ToArray(), "not a zip archive" },
        { "no task.json", Zip(("data/readme.txt", "x"u8.ToArray())), "task.json" },
        { "broken task.json", Zip(("task.json", "{\"kind\":\"image\""u8.ToArray())), "task.json" },
        { "a model for another task", Zip(("task.json", Task()), ("data/validation.npz", Committed("data/validation.npz")), ("data/test.npz", Committed("data/test.npz")),
            ("fashion.onnx", File.ReadAllBytes(Path.Combine(RepositoryPaths.ModelsDirectory, "separable.onnx")))), "Model 'fashion'" },
        { "an NPZ whose array lies about its shape", Zip(("task.json", Task()), ("data/validation.npz", LyingNpz()), ("data/test.npz", Committed("data/test.npz"))), "validation" },
        { "a CSV with ragged rows", Zip(("task.json", """{"kind":"features","input":{"features":3},"classes":["a","b"]}"""u8.ToArray()),
            ("data/validation.csv", "x,y,z,label\n1,2,3,a\n4,5,b\n"u8.ToArray()), ("data/test.csv", "x,y,z,label\n1,2,3,a\n"u8.ToArray())), "validation" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task AHostileOrBrokenUpload_IsRefusedWithItsReason_AndStoresNothing(string name, byte[] zip, string reason)
    {
        var before = TaskFolders();

        var response = await _client.PostAsync("/api/tasks", Form(zip, "hostile.zip"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, TaskFolders());
        Assert.False(File.Exists(Path.Combine(_app.RepositoryDirectory, "escaped.txt")));
        var staging = Path.Combine(_app.RepositoryDirectory, ".staging");
        Assert.False(Directory.Exists(staging) && Directory.EnumerateFileSystemEntries(staging).Any());
        Assert.DoesNotContain(await _client.GetJson<TaskResponse[]>("/api/tasks"), t => t.Name == "hostile");
    }

    public void Dispose() => _app.Dispose();

    // The repository's task folders; hidden ones (the database, staging) are not tasks.
    private string[] TaskFolders() => [.. Directory.GetDirectories(_app.RepositoryDirectory).Where(d => !Path.GetFileName(d).StartsWith('.')).Order()];

    private static byte[] Task() => File.ReadAllBytes(Path.Combine(CommittedTasks.DigitsDirectory, "task.json"));

    private static byte[] Committed(string path) => File.ReadAllBytes(Path.Combine(CommittedTasks.DigitsDirectory, path));

    private static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    // An .npz whose x claims 1,000 8×8 float images and holds the bytes of one.
    private static byte[] LyingNpz()
    {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 8, 8), }";
        header = header.PadRight(64 - 10 - 1) + "\n";
        var npy = new List<byte> { 0x93 };
        npy.AddRange("NUMPY"u8.ToArray());
        npy.AddRange([1, 0, (byte)header.Length, 0]);
        npy.AddRange(System.Text.Encoding.ASCII.GetBytes(header));
        npy.AddRange(new byte[8 * 8 * 4]);
        var labels = new List<byte> { 0x93 };
        var labelHeader = "{'descr': '<i8', 'fortran_order': False, 'shape': (1000,), }".PadRight(64 - 10 - 1) + "\n";
        labels.AddRange("NUMPY"u8.ToArray());
        labels.AddRange([1, 0, (byte)labelHeader.Length, 0]);
        labels.AddRange(System.Text.Encoding.ASCII.GetBytes(labelHeader));
        labels.AddRange(new byte[1000 * 8]);
        return Zip(("x.npy", [.. npy]), ("y.npy", [.. labels]));
    }

    private static MultipartFormDataContent Form(byte[] zip, string file) => new() { { new ByteArrayContent(zip), "task", file } };
}
