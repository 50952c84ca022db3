using Ensemble.Core.Adapters;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Core.Inference;

/// <summary>
/// One model instance's pinned input and output buffers, in the model's own layout, and the OrtValues over them,
/// made once per batch size (per row for a model with a fixed batch of 1) and reused by every batch that
/// instance runs.
/// </summary>
internal sealed class RunBuffers : IDisposable
{
    private static readonly RunOptions Options = new();
    private readonly ModelAdapter _adapter;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly (OrtValue Input, OrtValue Output)?[] _values;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    /// <param name="maxBatch">The most model rows one run takes: the batch times the adapter's rows per sample.</param>
    public RunBuffers(ModelAdapter adapter, int maxBatch)
    {
        _adapter = adapter;
        _input = GC.AllocateArray<float>(maxBatch * adapter.SampleSize, pinned: true);
        _output = GC.AllocateArray<float>(maxBatch * adapter.Classes, pinned: true);
        _values = new (OrtValue, OrtValue)?[maxBatch + 1];
        _inputNames = [adapter.InputName];
        _outputNames = [adapter.OutputName];
    }

    public Span<float> Input(int row, int rows) => _input.AsSpan(row * _adapter.SampleSize, rows * _adapter.SampleSize);

    public Span<float> Output(int row, int rows) => _output.AsSpan(row * _adapter.Classes, rows * _adapter.Classes);

    /// <summary>Runs the first <paramref name="rows"/> rows of the input buffer into the output buffer.</summary>
    public void Run(InferenceSession session, int rows)
    {
        if (_adapter.FixedBatch)
        {
            for (var r = 0; r < rows; r++)
            {
                var (input, output) = Values(r, 1);
                session.Run(Options, _inputNames, [input], _outputNames, [output]);
            }

            return;
        }

        var (all, outputs) = Values(0, rows);
        session.Run(Options, _inputNames, [all], _outputNames, [outputs]);
    }

    // A fixed-batch model keeps one pair per row (slot r + 1); any other keeps one per batch size (slot rows).
    private (OrtValue Input, OrtValue Output) Values(int row, int rows) => _values[_adapter.FixedBatch ? row + 1 : rows] ??= (
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _input.AsMemory(row * _adapter.SampleSize, rows * _adapter.SampleSize), _adapter.Shape(rows)),
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(row * _adapter.Classes, rows * _adapter.Classes), [rows, _adapter.Classes]));

    public void Dispose()
    {
        foreach (var pair in _values)
        {
            pair?.Input.Dispose();
            pair?.Output.Dispose();
        }
    }
}
