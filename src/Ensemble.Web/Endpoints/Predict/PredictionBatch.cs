using Ensemble.Core.Ensembling;
using Ensemble.Core.Images;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Ensemble.Training.Images;

namespace Ensemble.Web.Endpoints.Predict;

/// <summary>A validated predict request: the ensemble version to run (with any one-off weights) and the pixel batch.</summary>
internal sealed record PredictionBatch(EnsembleSpec Spec, float[] Pixels, int Count, int TopK)
{
    public const int DefaultTopK = 3;

    /// <summary>Checks everything a client can get wrong; returns the batch or the errors by field, or null spec for an unknown ensemble.</summary>
    public static (PredictionBatch? Batch, Dictionary<string, string[]> Errors, bool UnknownEnsemble) Validate(
        PredictRequest request, EnsembleStore ensembles, ImagePreprocessor images, InferenceOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        var name = string.IsNullOrWhiteSpace(request.Ensemble) ? EnsembleStore.Uniform : request.Ensemble;
        var spec = ensembles.Active(name);
        if (spec is null)
        {
            return (null, errors, true);
        }

        var topK = request.TopK ?? DefaultTopK;
        if (topK is < 1 or > ModelRegistry.Classes)
        {
            errors["topK"] = [$"topK must be between 1 and {ModelRegistry.Classes}."];
        }

        if (spec.Members.Count == 0)
        {
            errors["ensemble"] = [$"Ensemble '{name}' has no loaded members."];
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
            return (null, errors, false);
        }

        var pixels = new float[instances.Count * ModelRegistry.Pixels];
        for (var i = 0; i < instances.Count; i++)
        {
            var problem = Fill(instances[i], images, pixels.AsSpan(i * ModelRegistry.Pixels, ModelRegistry.Pixels));
            if (problem is not null)
            {
                errors[$"instances[{i}]"] = [problem];
            }
        }

        return errors.Count > 0 ? (null, errors, false) : (new PredictionBatch(spec, pixels, instances.Count, topK), errors, false);
    }

    private static string? Fill(PredictInstance instance, ImagePreprocessor images, Span<float> destination)
    {
        if (instance.Pixels is not null && instance.Image is not null)
        {
            return "Give either pixels or image, not both.";
        }

        if (instance.Pixels is { } pixels)
        {
            if (pixels.Length != ModelRegistry.Pixels)
            {
                return $"pixels must hold {ModelRegistry.Pixels} values (28×28); got {pixels.Length}.";
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
                images.Prepare(bytes, instance.Invert).CopyTo(destination);
                return null;
            }
            catch (InvalidImageException e)
            {
                return e.Message;
            }
        }

        return "Give pixels (784 values in [0, 1]) or image (a base64 PNG or JPEG).";
    }

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
