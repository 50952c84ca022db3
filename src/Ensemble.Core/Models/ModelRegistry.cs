using System.Security.Cryptography;
using System.Text.Json;
using Ensemble.Core.Adapters;
using Ensemble.Core.Inference;
using Ensemble.Core.Sidecars;
using Ensemble.Core.Tasks;
using Ensemble.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Core.Models;

/// <summary>
/// The model repository the app serves: one folder per task (task.json, its members' *.onnx files with optional
/// sidecars, and data/), in the spirit of Triton's model repository. Every member is checked and adapted to its
/// task when it loads. A model or task that fails is kept with its reason and left out of serving; the others load
/// regardless. Model names are unique across tasks, since the Open Inference Protocol has one name space.
/// </summary>
public sealed class ModelRegistry : IDisposable
{
    /// <summary>Rows a member is probed on when it loads: enough to tell probabilities from logits.</summary>
    private const int ProbeRows = 16;

    private static readonly JsonSerializerOptions SidecarJson = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip };
    private readonly OnnxSessionFactory _sessions;
    private readonly ILogger<ModelRegistry> _logger;
    private readonly string? _defaultTask;
    private readonly Lock _reloading = new();
    private volatile Snapshot _snapshot = new([], []);

    public ModelRegistry(string directory, OnnxSessionFactory sessions, ILogger<ModelRegistry> logger, string? defaultTask = null)
    {
        Directory = directory;
        _sessions = sessions;
        _logger = logger;
        _defaultTask = defaultTask;
        Reload();
    }

    /// <summary>The repository's root folder, which holds one folder per task.</summary>
    public string Directory { get; }

    /// <summary>
    /// A fresh folder for files on their way into the repository, on its file system so they move in atomically;
    /// hidden, so the registry never reads it as a task.
    /// </summary>
    public string NewStagingFolder() => Path.Combine(Directory, ".staging", Guid.NewGuid().ToString("N"));

    /// <summary>Raised after every scan of the folder, on the thread that scanned: pages and tests follow hot swaps with it.</summary>
    public event Action? Reloaded;

    public string Provider => _sessions.Provider;

    /// <summary>Every task folder found, usable or not, ordered by name.</summary>
    public IReadOnlyList<ServedTask> Tasks => _snapshot.Tasks;

    /// <summary>Every model found, loaded or failed, ordered by task and name.</summary>
    public IReadOnlyList<RegisteredModel> Models => _snapshot.Models;

    public IEnumerable<RegisteredModel> Loaded => Models.Where(m => m.IsLoaded);

    /// <summary>The loaded members of one task.</summary>
    public IEnumerable<RegisteredModel> LoadedIn(string task) => Loaded.Where(m => m.TaskName == task);

    /// <summary>The model of that name: the one that serves when a failed one shares its name.</summary>
    public RegisteredModel? Find(string name) =>
        Models.FirstOrDefault(m => m.IsLoaded && m.Name == name) ?? Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    public ServedTask? FindTask(string name) => Tasks.FirstOrDefault(t => t.Name == name);

    /// <summary>The task a request means when it names none: Models:DefaultTask when usable, else the first usable task.</summary>
    public ServedTask? DefaultTask =>
        (_defaultTask is not null ? FindTask(_defaultTask) : null) is { IsUsable: true } configured ? configured : Tasks.FirstOrDefault(t => t.IsUsable);

    /// <summary>
    /// The loaded model of that name with a reference taken for one run, or null when none is loaded. Release it
    /// with <see cref="Return"/>. A model swapped out between the lookup and the reference is looked up again.
    /// </summary>
    public RegisteredModel? Lease(string name)
    {
        RegisteredModel? tried = null;
        while (Find(name) is { IsLoaded: true } model && !ReferenceEquals(model, tried))
        {
            if (model.TryAcquire())
            {
                return model;
            }

            tried = model;
        }

        return null;
    }

    public static void Return(RegisteredModel model) => model.Release();

    /// <summary>
    /// Scans the repository again and swaps in the new set at once. Unchanged files (same name and SHA-256, in an
    /// unchanged task) keep their session, so adding a model never disturbs the requests running on the others.
    /// </summary>
    public void Reload()
    {
        lock (_reloading)
        {
            var previous = _snapshot;
            var tasks = new List<ServedTask>();
            var found = new List<RegisteredModel>();
            if (System.IO.Directory.Exists(Directory))
            {
                foreach (var stray in System.IO.Directory.GetFiles(Directory, "*.onnx").Order(StringComparer.Ordinal))
                {
                    found.Add(Failed(Path.GetFileNameWithoutExtension(stray), stray, "", null,
                        $"it lies outside a task folder; move it into {Path.GetFileName(Directory)}/<task>/ beside that task's {TaskDefinition.FileName}"));
                }

                foreach (var folder in System.IO.Directory.GetDirectories(Directory).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal))
                {
                    var task = TaskScanner.Scan(folder, previous.Tasks.FirstOrDefault(t => t.Folder == folder));
                    tasks.Add(task);
                    foreach (var problem in task.Problems)
                    {
                        _logger.LogWarning("Task {Task}: {Problem}", task.Name, problem);
                    }

                    foreach (var path in System.IO.Directory.GetFiles(folder, "*.onnx").Order(StringComparer.Ordinal))
                    {
                        found.Add(Load(path, task, previous.Models, found));
                    }
                }
            }

            if (!found.Any(m => m.IsLoaded))
            {
                _logger.LogWarning("No model loads from {Directory}", Directory);
            }

            _snapshot = new Snapshot(tasks, found);
            foreach (var model in previous.Models.Where(m => !found.Contains(m)))
            {
                // Runs that started on the old session finish on it; it is disposed after the last one.
                model.Retire();
                _logger.LogInformation("Model {Name} (sha256 {Sha}) was replaced or removed", model.Name, model.Sha256 is { Length: >= 12 } sha ? sha[..12] : "none");
            }
        }

        Reloaded?.Invoke();
    }

    private RegisteredModel Load(string path, ServedTask task, IReadOnlyList<RegisteredModel> previous, IReadOnlyList<RegisteredModel> loadedSoFar)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        if (loadedSoFar.FirstOrDefault(m => m.Name == name && m.IsLoaded) is { } owner)
        {
            return Failed(name, path, "", task, $"the name is taken by the model of task '{owner.TaskName}'; model names are unique across tasks (the Open Inference Protocol has one name space), so rename the file");
        }

        if (!task.IsUsable)
        {
            return Failed(name, path, "", task, $"its task '{task.Name}' cannot be used: {string.Join(" ", task.Problems)}");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            return Failed(name, path, "", task, $"cannot read the file: {e.Message}");
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (previous.FirstOrDefault(m => m.Name == name && m.Sha256 == sha && m.IsLoaded && ReferenceEquals(m.Task, task) && !SidecarChanged(m, path)) is { } unchanged)
        {
            return unchanged;
        }

        var sidecarPath = Path.ChangeExtension(path, ".json");
        byte[]? sidecarBytes;
        try
        {
            sidecarBytes = File.Exists(sidecarPath) ? File.ReadAllBytes(sidecarPath) : null;
        }
        catch (IOException e)
        {
            return Failed(name, path, sha, task, $"cannot read its sidecar: {e.Message}");
        }

        var (adapted, adapter, sidecar, problem) = Adapt(bytes, sidecarBytes, Path.GetFileName(sidecarPath), task);
        if (adapted is not { } session)
        {
            return Failed(name, path, sha, task, problem!);
        }

        _logger.LogInformation("Loaded model {Name} of task {Task} ({Architecture}, {Kind}{Detected}, sha256 {Sha})",
            name, task.Name, sidecar?.Architecture ?? "unknown architecture", adapter!.OutputKind, adapter.OutputKindDetected ? " found by probing" : "", sha[..12]);
        return new RegisteredModel
        {
            Name = name,
            Path = path,
            Sha256 = sha,
            Status = ModelStatus.Loaded,
            Architecture = sidecar?.Architecture ?? Metadata(session, "architecture"),
            Parameters = sidecar?.Parameters,
            MegaFlops = (sidecar?.MegaFlops ?? Mega(FlopCounter.FlopsPerRow(bytes, adapter))) * adapter.RowsPerSample,
            Validation = sidecar?.Validation,
            Test = sidecar?.Test,
            Provider = _sessions.Provider,
            Task = task,
            Adapter = adapter,
            Session = session,
            SidecarWritten = SidecarTime(path),
        };
    }

    /// <summary>
    /// Why a model (ONNX bytes and an optional sidecar) would fail to load into <paramref name="task"/>, or null when
    /// it would load: the same checks, adapter and probe as a file in the task's folder, with nothing stored.
    /// </summary>
    public string? Inspect(byte[] onnx, byte[]? sidecar, ServedTask task)
    {
        if (!task.IsUsable)
        {
            return $"its task '{task.Name}' cannot be used: {string.Join(" ", task.Problems)}";
        }

        var (session, _, _, problem) = Adapt(onnx, sidecar, "the sidecar", task);
        session?.Dispose();
        return problem;
    }

    // The sidecar parsed, the session created, the adapter planned and probed; on a problem, no session is kept.
    private (InferenceSession? Session, ModelAdapter? Adapter, ModelSidecar? Sidecar, string? Problem) Adapt(byte[] bytes, byte[]? sidecarBytes, string sidecarName, ServedTask task)
    {
        ModelSidecar? sidecar;
        try
        {
            sidecar = sidecarBytes is null ? null : JsonSerializer.Deserialize<ModelSidecar>(sidecarBytes, SidecarJson);
        }
        catch (JsonException e)
        {
            return (null, null, null, $"its sidecar {sidecarName} is not valid JSON: {e.Message}");
        }

        InferenceSession session;
        try
        {
            session = _sessions.Create(bytes);
        }
        catch (OnnxRuntimeException e)
        {
            return (null, null, sidecar, $"ONNX Runtime cannot load it: {e.Message.Split('\n')[0]}");
        }

        var (planned, probeKind, problem) = AdapterFactory.Create(session.InputMetadata, session.OutputMetadata, sidecar, task.Usable);
        var adapter = planned;
        if (planned is not null)
        {
            (adapter, problem) = Probe(session, planned, probeKind, task);
        }

        if (problem is not null)
        {
            session.Dispose();
            return (null, null, sidecar, problem);
        }

        return (session, adapter, sidecar, null);
    }

    /// <summary>
    /// Runs the model once on real rows of its task (the validation split's first rows, else the test split's, else
    /// mid-grey rows), which proves it runs on the task's input, and, for an output of kind auto, tells its kind:
    /// non-negative rows that sum to 1 within 1e-3 are probabilities, anything else is logits.
    /// </summary>
    private static (ModelAdapter? Adapter, string? Problem) Probe(InferenceSession session, ModelAdapter adapter, bool probeKind, ServedTask task)
    {
        var samples = task.ValidationSamples ?? task.TestSamples;
        var rows = Math.Min(ProbeRows, samples?.Count ?? ProbeRows);
        var input = new float[rows * adapter.SampleSize];
        if (samples is not null)
        {
            samples.CopyInputs(0, rows, input);
        }
        else
        {
            input.AsSpan().Fill(0.5f);
        }

        var output = new float[rows * adapter.RowsPerSample * adapter.Classes];
        try
        {
            ModelRunner.RunRaw(session, adapter, input, rows, output);
        }
        catch (Exception e) when (e is OnnxRuntimeException or InvalidDataException)
        {
            return (null, $"it does not run on task '{task.Name}''s input: {e.Message.Split('\n')[0]}");
        }

        if (output.Any(v => !float.IsFinite(v)))
        {
            return (null, $"it gives values that are not finite numbers on task '{task.Name}''s {(samples is null ? "probe" : "validation")} rows");
        }

        if (!probeKind)
        {
            return (adapter, null);
        }

        var probabilities = true;
        for (var r = 0; r < rows && probabilities; r++)
        {
            var row = output.AsSpan(r * adapter.Classes, adapter.Classes);
            probabilities = TensorPrimitives.Min(row) >= 0f && Math.Abs(TensorPrimitives.Sum(row) - 1f) <= 1e-3f;
        }

        return (adapter with { OutputKind = probabilities ? OutputKind.Probabilities : OutputKind.Logits, OutputKindDetected = true }, null);
    }

    private static DateTime? SidecarTime(string path) =>
        File.Exists(Path.ChangeExtension(path, ".json")) ? File.GetLastWriteTimeUtc(Path.ChangeExtension(path, ".json")) : null;

    // A sidecar edited beside an unchanged file changes the adapter, so the model loads again.
    private static bool SidecarChanged(RegisteredModel model, string path) => model.SidecarWritten != SidecarTime(path);

    // Rounded as the trainer's sidecars state theirs.
    private static double? Mega(long? flops) => flops is { } f ? Math.Round(f / 1e6, 2) : null;

    private static string? Metadata(InferenceSession session, string key) =>
        session.ModelMetadata.CustomMetadataMap.TryGetValue(key, out var value) ? value : null;

    private RegisteredModel Failed(string name, string path, string sha, ServedTask? task, string reason)
    {
        _logger.LogWarning("Model {Name} is left out: {Reason}", name, reason);
        return new RegisteredModel { Name = name, Path = path, Sha256 = sha, Status = ModelStatus.Failed, Error = reason, Provider = _sessions.Provider, Task = task };
    }

    public void Dispose()
    {
        foreach (var model in Models)
        {
            model.Retire();
        }
    }

    private sealed record Snapshot(IReadOnlyList<ServedTask> Tasks, IReadOnlyList<RegisteredModel> Models);
}
