using Ensemble.Training.Data;
using Ensemble.Training.Training;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Trainer.Commands;

/// <summary>Scores an ONNX file with ONNX Runtime, independently of the trainer's own forward pass.</summary>
internal static class OnnxEvaluator
{
    private const int BatchSize = 500;

    public static (Evaluation Validation, Evaluation Test) Evaluate(string modelPath, LabeledImages validation, LabeledImages test)
    {
        using var session = new InferenceSession(modelPath);
        return (Evaluate(session, validation), Evaluate(session, test));
    }

    private static Evaluation Evaluate(InferenceSession session, LabeledImages images)
    {
        var input = new float[BatchSize * images.ImageSize];
        double loss = 0;
        var correct = 0;
        using var options = new RunOptions();
        for (var start = 0; start < images.Count; start += BatchSize)
        {
            var count = Math.Min(BatchSize, images.Count - start);
            for (var i = 0; i < count; i++)
            {
                images.CopyScaled(start + i, input.AsSpan(i * images.ImageSize, images.ImageSize));
            }

            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, count * images.ImageSize), [count, 1, images.Height, images.Width]);
            using var outputs = session.Run(options, ["input"], [value], ["probabilities"]);
            var probabilities = outputs[0].GetTensorDataAsSpan<float>();
            var classes = probabilities.Length / count;
            for (var i = 0; i < count; i++)
            {
                var p = probabilities.Slice(i * classes, classes);
                var label = images.Labels[start + i];
                if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(p) == label)
                {
                    correct++;
                }

                loss -= Math.Log(Math.Max(p[label], 1e-15f));
            }
        }

        return new Evaluation((double)correct / images.Count, loss / images.Count, images.Count);
    }
}
