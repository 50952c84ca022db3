using System.Buffers;
using Ensemble.Core.Adapters;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Core.Inference;

/// <summary>
/// Runs one model on a batch of its task's raw input through its adapter: the input laid out and normalized as the
/// model wants, the output made probabilities in the task's class order (with test-time augmentation, each row runs
/// as it is and mirrored, and the two are averaged). A model with a fixed batch of 1 runs row by row. An adapter
/// that changes nothing hands the caller's buffer to ONNX Runtime as it is.
/// </summary>
public static class ModelRunner
{
    private static readonly RunOptions Options = new();

    /// <param name="input">rows × the task's sample size.</param>
    /// <param name="probabilities">rows × the task's classes, written.</param>
    public static void Run(InferenceSession session, ModelAdapter adapter, Memory<float> input, int rows, Span<float> probabilities)
    {
        if (adapter.IsIdentityOutput)
        {
            RunRaw(session, adapter, input, rows, probabilities);
            return;
        }

        var raw = ArrayPool<float>.Shared.Rent(rows * adapter.RowsPerSample * adapter.Classes);
        try
        {
            RunRaw(session, adapter, input, rows, raw);
            adapter.FinishOutput(raw, probabilities, rows);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(raw);
        }
    }

    /// <summary>
    /// The model's own output values (before any softmax or reordering), checked to be rows × classes for each of the
    /// adapter's <see cref="ModelAdapter.RowsPerSample"/> model rows per row.
    /// </summary>
    public static void RunRaw(InferenceSession session, ModelAdapter adapter, Memory<float> input, int rows, Span<float> output)
    {
        var size = adapter.SampleSize;
        var modelRows = rows * adapter.RowsPerSample;
        float[]? prepared = null;
        try
        {
            var modelInput = input[..(rows * size)];
            if (!adapter.IsIdentityInput)
            {
                prepared = ArrayPool<float>.Shared.Rent(modelRows * size);
                adapter.PrepareInput(input.Span, prepared, rows);
                modelInput = prepared.AsMemory(0, modelRows * size);
            }

            var step = adapter.FixedBatch ? 1 : modelRows;
            for (var start = 0; start < modelRows; start += step)
            {
                using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, modelInput.Slice(start * size, step * size), adapter.Shape(step));
                using var outputs = session.Run(Options, [adapter.InputName], [value], [adapter.OutputName]);
                var result = outputs[0].GetTensorDataAsSpan<float>();
                if (result.Length != step * adapter.Classes)
                {
                    throw new InvalidDataException($"it returned {result.Length} values for {step} row(s); {adapter.Classes} classes need {step * adapter.Classes}");
                }

                result.CopyTo(output.Slice(start * adapter.Classes, step * adapter.Classes));
            }
        }
        finally
        {
            if (prepared is not null)
            {
                ArrayPool<float>.Shared.Return(prepared);
            }
        }
    }
}
