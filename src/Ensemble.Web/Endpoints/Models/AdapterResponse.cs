using Ensemble.Core.Adapters;

namespace Ensemble.Web.Endpoints.Models;

/// <summary>
/// How a member meets its task: the ONNX input it is fed, in which layout and shape, with what normalization
/// (<c>(x · scale − mean) / std</c>), the output read, whether it holds probabilities or logits (and whether that
/// was found by probing), and the model's own class order where it differs from the task's.
/// </summary>
public sealed record AdapterResponse(
    string Input,
    InputLayout Layout,
    IReadOnlyList<long> Shape,
    bool FixedBatch,
    float Scale,
    IReadOnlyList<float>? Mean,
    IReadOnlyList<float>? Std,
    string Output,
    OutputKind OutputKind,
    bool OutputKindDetected,
    IReadOnlyList<int>? ClassOrder)
{
    public static AdapterResponse From(ModelAdapter a) =>
        new(a.InputName, a.Layout, a.InputShape, a.FixedBatch, a.Scale, a.Mean, a.Std, a.OutputName, a.OutputKind, a.OutputKindDetected, a.ClassOrder);
}
