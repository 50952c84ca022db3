using Ensemble.Tasks;
using Ensemble.Tasks.Data;
using Ensemble.Training.Export;
using Ensemble.Training.Fitting;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Trainer.Commands;

/// <summary>Scores an ONNX file with ONNX Runtime, independently of the trainer's own forward pass.</summary>
internal static class OnnxEvaluator
{
    private const int BatchSize = 500;

    public static (Evaluation Validation, Evaluation Test) Evaluate(string modelPath, TaskDefinition task, LabeledSamples validation, LabeledSamples test)
    {
        using var session = new InferenceSession(modelPath);
        return (Evaluate(session, task, validation), Evaluate(session, task, test));
    }

    private static Evaluation Evaluate(InferenceSession session, TaskDefinition task, LabeledSamples images)
    {
        var size = images.SampleSize;
        var input = new float[BatchSize * size];
        double loss = 0;
        var correct = 0;
        using var options = new RunOptions();
        for (var start = 0; start < images.Count; start += BatchSize)
        {
            var count = Math.Min(BatchSize, images.Count - start);
            images.CopyInputs(start, count, input);

            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, count * size), [count, .. task.Input.Shape.Select(d => (long)d)]);
            using var outputs = session.Run(options, ["input"], [value], [ModelExporter.OutputName]);
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
