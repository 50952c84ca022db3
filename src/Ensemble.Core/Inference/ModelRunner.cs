using Ensemble.Core.Models;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Core.Inference;

/// <summary>Runs one model on a batch of [0,1] pixels through OrtValues over the caller's buffers.</summary>
public static class ModelRunner
{
    private static readonly RunOptions Options = new();

    /// <param name="pixels">batch × 784 floats.</param>
    /// <param name="probabilities">batch × 10 floats, written.</param>
    public static void Run(RegisteredModel model, Memory<float> pixels, int batch, Span<float> probabilities) =>
        Run(model.Session ?? throw new InvalidOperationException($"Model {model.Name} is not loaded: {model.Error}"), pixels, batch, probabilities);

    internal static void Run(InferenceSession session, Memory<float> pixels, int batch, Span<float> probabilities)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels[..(batch * ModelRegistry.Pixels)], [batch, 1, 28, 28]);
        using var outputs = session.Run(Options, session.InputNames, [input], session.OutputNames);
        outputs[0].GetTensorDataAsSpan<float>().CopyTo(probabilities);
    }
}
