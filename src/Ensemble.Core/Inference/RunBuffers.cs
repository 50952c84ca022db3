using Ensemble.Core.Models;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Core.Inference;

/// <summary>
/// One model instance's pinned input and output buffers and the OrtValues over them, made once per batch size
/// and reused by every batch that instance runs.
/// </summary>
internal sealed class RunBuffers(int maxBatch) : IDisposable
{
    private readonly float[] _input = GC.AllocateArray<float>(maxBatch * ModelRegistry.Pixels, pinned: true);
    private readonly float[] _output = GC.AllocateArray<float>(maxBatch * ModelRegistry.Classes, pinned: true);
    private readonly (OrtValue Input, OrtValue Output)?[] _values = new (OrtValue, OrtValue)?[maxBatch + 1];

    public Span<float> Input(int row, int rows) => _input.AsSpan(row * ModelRegistry.Pixels, rows * ModelRegistry.Pixels);

    public Span<float> Output(int row, int rows) => _output.AsSpan(row * ModelRegistry.Classes, rows * ModelRegistry.Classes);

    public (OrtValue Input, OrtValue Output) Values(int rows) => _values[rows] ??= (
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _input.AsMemory(0, rows * ModelRegistry.Pixels), [rows, 1, 28, 28]),
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(0, rows * ModelRegistry.Classes), [rows, ModelRegistry.Classes]));

    public void Dispose()
    {
        foreach (var pair in _values)
        {
            pair?.Input.Dispose();
            pair?.Output.Dispose();
        }
    }
}
