using Ensemble.Core.Ensembling;
using Ensemble.Core.Images;
using Ensemble.Core.Models;
using Ensemble.Core.Versions;
using Ensemble.Tasks;
using Ensemble.Tasks.Images;

namespace Ensemble.Web.Endpoints.Predict;

/// <summary>A validated predict request: the ensemble version to run (with any one-off weights), its task, and the input batch.</summary>
internal sealed record PredictionBatch(EnsembleSpec Spec, TaskDefinition Task, float[] Input, int Count, int TopK)
{
    public const int DefaultTopK = 3;

    /// <summary>Checks everything a client can get wrong; returns the batch, or the errors by field, or the unknown name asked for.</summary>
    public static (PredictionBatch? Batch, Dictionary<string, string[]> Errors, string? Unknown) Validate(
        PredictRequest request, PredictionServices services)
    {
        var (registry, images, options) = (services.Registry, services.Images, services.Options);
        var errors = new Dictionary<string, string[]>();
        var (spec, unknown) = Resolve(request, services.Ensembles, registry);
        if (spec is null)
        {
            return (null, errors, unknown);
        }

        if (registry.FindTask(spec.Task) is not { IsUsable: true } served)
        {
            errors["ensemble"] = [$"Ensemble '{spec.Name}' belongs to task '{spec.Task}', which is not in the model repository now."];
            return (null, errors, null);
        }

        var task = served.Usable;
        var topK = request.TopK ?? Math.Min(DefaultTopK, task.Classes.Count);
        if (topK < 1 || topK > task.Classes.Count)
        {
            errors["topK"] = [$"topK must be between 1 and {task.Classes.Count}, the task's class count."];
        }

        if (spec.Members.Count == 0)
        {
            errors["ensemble"] = [$"Ensemble '{spec.Name}' has no loaded members."];
        }

        if (request.Weights is not null)
        {
            spec = WithWeights(spec, request.Weights, errors);
        }

        var instances = request.Instances ?? [];
        if (instances.Count == 0)
        {
            errors["instances"] = ["Send at least one instance."];
        }
        else if (instances.Count > options.MaxBatch)
        {
            errors["instances"] = [$"Send at most {options.MaxBatch} instances per request; got {instances.Count}."];
        }

        if (errors.Count > 0)
        {
            return (null, errors, null);
        }

        var size = task.Input.Size;
        var input = new float[instances.Count * size];
        for (var i = 0; i < instances.Count; i++)
        {
            var problem = Fill(instances[i], task, images, input.AsSpan(i * size, size));
            if (problem is not null)
            {
                errors[$"instances[{i}]"] = [problem];
            }
        }

        return errors.Count > 0 ? (null, errors, null) : (new PredictionBatch(spec, task, input, instances.Count, topK), errors, null);
    }

    // The ensemble named, or the default ensemble of the task named, or of the default task.
    private static (EnsembleSpec? Spec, string? Unknown) Resolve(PredictRequest request, EnsembleStore ensembles, ModelRegistry registry)
    {
        if (!string.IsNullOrWhiteSpace(request.Ensemble))
        {
            return ensembles.Active(request.Ensemble) is { } named ? (named, null) : (null, $"No ensemble is named '{request.Ensemble}'.");
        }

        var task = string.IsNullOrWhiteSpace(request.Task) ? registry.DefaultTask?.Name : request.Task;
        if (task is null || registry.FindTask(task) is null)
        {
            return (null, task is null ? "No task serves." : $"No task is named '{task}'.");
        }

        return ensembles.Default(task) is { } served
            ? (served, null)
            : (null, $"Task '{task}' has no uniform ensemble ({EnsembleStore.UniformName(task)}): none of its models loaded; name an ensemble instead.");
    }

    private static string? Fill(PredictInstance instance, TaskDefinition task, ImagePreprocessor images, Span<float> destination)
    {
        var given = (instance.Pixels is null ? 0 : 1) + (instance.Image is null ? 0 : 1) + (instance.Features is null ? 0 : 1);
        if (given > 1)
        {
            return "Give one of pixels, image or features, not several.";
        }

        if (task.Kind == TaskKind.Features)
        {
            if (instance.Features is not { } features)
            {
                return $"Task '{task.Name}' takes features: {task.Input.Features} numbers{Named(task)}.";
            }

            if (features.Length != task.Input.Features)
            {
                return $"features must hold {task.Input.Features} values{Named(task)}; got {features.Length}.";
            }

            var bad = Array.FindIndex(features, f => !float.IsFinite(f));
            if (bad >= 0)
            {
                return $"features[{bad}] is {features[bad]}; every feature must be a finite number.";
            }

            features.CopyTo(destination);
            return null;
        }

        if (instance.Pixels is { } pixels)
        {
            if (pixels.Length != task.Input.Size)
            {
                return $"pixels must hold {task.Input.Size} values ({task.Input}, channels first); got {pixels.Length}.";
            }

            for (var p = 0; p < pixels.Length; p++)
            {
                if (!float.IsFinite(pixels[p]) || pixels[p] is < 0f or > 1f)
                {
                    return $"pixels[{p}] is {pixels[p]}; every pixel must be a number in [0, 1].";
                }
            }

            pixels.CopyTo(destination);
            return null;
        }

        if (instance.Image is { } image)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(image);
            }
            catch (FormatException)
            {
                return "image is not valid base64.";
            }

            try
            {
                images.Prepare(bytes, task, instance.Invert).CopyTo(destination);
                return null;
            }
            catch (InvalidImageException e)
            {
                return e.Message;
            }
        }

        return $"Give pixels ({task.Input.Size} values in [0, 1]: {task.Input}, channels first) or image (a base64 PNG or JPEG).";
    }

    private static string Named(TaskDefinition task) => task.Input.Names is { } names ? $" ({string.Join(", ", names)})" : "";

    private static EnsembleSpec WithWeights(EnsembleSpec spec, IReadOnlyDictionary<string, double> weights, Dictionary<string, string[]> errors)
    {
        var members = spec.Members.Select(m => m.Model).ToHashSet(StringComparer.Ordinal);
        var unknown = weights.Keys.Where(k => !members.Contains(k)).ToList();
        var missing = members.Where(m => !weights.ContainsKey(m)).ToList();
        if (unknown.Count > 0)
        {
            errors["weights"] = [$"Not members of '{spec.Name}': {string.Join(", ", unknown)}."];
            return spec;
        }

        if (missing.Count > 0)
        {
            errors["weights"] = [$"Give every member a weight; missing: {string.Join(", ", missing)}."];
            return spec;
        }

        float[] normalized;
        try
        {
            normalized = Combiner.Normalize([.. spec.Members.Select(m => weights[m.Model])]);
        }
        catch (ArgumentException e)
        {
            errors["weights"] = [e.Message];
            return spec;
        }

        return spec with
        {
            Method = EnsembleMethod.WeightedAverage,
            Members = [.. spec.Members.Select((m, i) => m with { Weight = normalized[i] })],
        };
    }
}
