using System.Security.Cryptography;
using System.Text.Json;
using Ensemble.Core.Inference;
using Ensemble.Training.Data;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Core.Models;

/// <summary>
/// The models the app serves: every *.onnx in the models folder with its sidecar, each checked against the
/// serving contract (float input [N,1,28,28], output [N,10], Fashion-MNIST's class names). A model that fails
/// is kept with its reason and left out of serving; the others load regardless.
/// </summary>
public sealed class ModelRegistry : IDisposable
{
    public static readonly long[] InputShape = [1, 28, 28];
    public const int Classes = 10;
    public const int Pixels = 28 * 28;

    private static readonly JsonSerializerOptions SidecarJson = new(JsonSerializerDefaults.Web);
    private readonly OnnxSessionFactory _sessions;
    private readonly ILogger<ModelRegistry> _logger;
    private readonly Lock _reloading = new();
    private volatile IReadOnlyList<RegisteredModel> _models = [];

    public ModelRegistry(string directory, OnnxSessionFactory sessions, ILogger<ModelRegistry> logger)
    {
        Directory = directory;
        _sessions = sessions;
        _logger = logger;
        Reload();
    }

    public string Directory { get; }

    /// <summary>Raised after every scan of the folder, on the thread that scanned: pages and tests follow hot swaps with it.</summary>
    public event Action? Reloaded;

    public string Provider => _sessions.Provider;

    public static IReadOnlyList<string> ClassNames => FashionMnist.ClassNames;

    /// <summary>Every model found, loaded or failed, ordered by name.</summary>
    public IReadOnlyList<RegisteredModel> Models => _models;

    public IEnumerable<RegisteredModel> Loaded => _models.Where(m => m.IsLoaded);

    public RegisteredModel? Find(string name) => _models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

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
    /// Scans the folder again and swaps in the new set at once. Unchanged files (same name and SHA-256) keep their
    /// session, so adding a model never disturbs the requests running on the others.
    /// </summary>
    public void Reload()
    {
        lock (_reloading)
        {
            var previous = _models;
            var found = System.IO.Directory.Exists(Directory)
                ? System.IO.Directory.GetFiles(Directory, "*.onnx").Order(StringComparer.Ordinal).Select(path => Load(path, previous)).ToList()
                : [];
            if (found.Count == 0)
            {
                _logger.LogWarning("No *.onnx models in {Directory}", Directory);
            }

            _models = found;
            foreach (var model in previous.Where(m => !found.Contains(m)))
            {
                // Runs that started on the old session finish on it; it is disposed after the last one.
                model.Retire();
                _logger.LogInformation("Model {Name} (sha256 {Sha}) was replaced or removed", model.Name, model.Sha256 is { Length: >= 12 } sha ? sha[..12] : "none");
            }
        }

        Reloaded?.Invoke();
    }

    private RegisteredModel Load(string path, IReadOnlyList<RegisteredModel> previous)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            return Failed(name, path, "", $"cannot read the file: {e.Message}");
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (previous.FirstOrDefault(m => m.Name == name && m.Sha256 == sha && m.IsLoaded) is { } unchanged)
        {
            return unchanged;
        }

        ModelSidecar? sidecar = null;
        var sidecarPath = Path.ChangeExtension(path, ".json");
        try
        {
            if (File.Exists(sidecarPath))
            {
                sidecar = JsonSerializer.Deserialize<ModelSidecar>(File.ReadAllBytes(sidecarPath), SidecarJson);
            }
        }
        catch (JsonException e)
        {
            return Failed(name, path, sha, $"its sidecar {Path.GetFileName(sidecarPath)} is not valid JSON: {e.Message}");
        }

        InferenceSession session;
        try
        {
            session = _sessions.Create(bytes);
        }
        catch (OnnxRuntimeException e)
        {
            return Failed(name, path, sha, $"ONNX Runtime cannot load it: {e.Message.Split('\n')[0]}");
        }

        var problem = CheckContract(session, sidecar);
        if (problem is not null)
        {
            session.Dispose();
            return Failed(name, path, sha, problem);
        }

        _logger.LogInformation("Loaded model {Name} ({Architecture}, sha256 {Sha})", name, sidecar?.Architecture ?? "unknown architecture", sha[..12]);
        return new RegisteredModel
        {
            Name = name,
            Path = path,
            Sha256 = sha,
            Status = ModelStatus.Loaded,
            Architecture = sidecar?.Architecture ?? Metadata(session, "architecture"),
            Parameters = sidecar?.Parameters,
            Validation = sidecar?.Validation,
            Test = sidecar?.Test,
            Provider = _sessions.Provider,
            Session = session,
        };
    }

    private static string? CheckContract(InferenceSession session, ModelSidecar? sidecar)
    {
        if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
        {
            return $"it has {session.InputMetadata.Count} inputs and {session.OutputMetadata.Count} outputs; serving needs one of each";
        }

        var input = session.InputMetadata.Single().Value;
        if (input.ElementType != typeof(float) || input.Dimensions.Length != 4 || !input.Dimensions.Skip(1).Select(d => (long)d).SequenceEqual(InputShape))
        {
            return $"its input is {Describe(input)}; serving needs float [N,1,28,28]";
        }

        var output = session.OutputMetadata.Single().Value;
        if (output.ElementType != typeof(float) || output.Dimensions.Length != 2 || output.Dimensions[1] != Classes)
        {
            return $"its output is {Describe(output)}; serving needs float [N,10]";
        }

        var classes = sidecar?.ClassNames;
        if (classes is not null && !classes.SequenceEqual(ClassNames))
        {
            return $"its class names ({string.Join(", ", classes)}) are not Fashion-MNIST's";
        }

        return null;
    }

    private static string? Metadata(InferenceSession session, string key) =>
        session.ModelMetadata.CustomMetadataMap.TryGetValue(key, out var value) ? value : null;

    private static string Describe(NodeMetadata node) =>
        $"{node.ElementType.Name} [{string.Join(",", node.Dimensions.Select(d => d < 0 ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";

    private RegisteredModel Failed(string name, string path, string sha, string reason)
    {
        _logger.LogWarning("Model {Name} is left out: {Reason}", name, reason);
        return new RegisteredModel { Name = name, Path = path, Sha256 = sha, Status = ModelStatus.Failed, Error = reason, Provider = _sessions.Provider };
    }

    public void Dispose()
    {
        foreach (var model in _models)
        {
            model.Retire();
        }
    }
}
