using Ensemble.Training.Onnx;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Layers;

/// <summary>
/// One step of a network. A layer owns its output and input-gradient tensors and reuses them every batch;
/// it keeps what its backward pass needs from the last forward pass.
/// </summary>
public abstract class Layer
{
    public string Name { get; private set; } = "";

    public TensorShape InputShape { get; private set; }

    public TensorShape OutputShape { get; private set; }

    /// <summary>Whether backward must produce the input gradient (false for the first layer).</summary>
    protected bool NeedsInputGradient { get; private set; }

    public void Build(TensorShape input, BuildContext context)
    {
        InputShape = BuildContext.Check(input);
        NeedsInputGradient = context.NeedsInputGradient;
        Name = context.UniqueName(NamePrefix);
        OutputShape = OnBuild(input, context);
        context.NeedsInputGradient = true;
    }

    protected abstract string NamePrefix { get; }

    /// <summary>Creates and initializes parameters for this input shape and returns the output shape.</summary>
    protected abstract TensorShape OnBuild(TensorShape input, BuildContext context);

    /// <param name="training">Training mode: batch statistics, dropout, and state kept for backward.</param>
    public abstract Tensor Forward(Tensor input, bool training);

    /// <summary>Sets parameter gradients and returns the gradient with respect to the last forward input.</summary>
    public abstract Tensor Backward(Tensor outputGradient);

    public virtual IEnumerable<Parameter> Parameters => [];

    /// <summary>Non-trainable state saved with the model (batch-norm running statistics).</summary>
    public virtual IEnumerable<(string Name, float[] Values)> Buffers => [];

    /// <summary>Child layers, for summaries; empty for leaf layers.</summary>
    public virtual IEnumerable<Layer> Children => [];

    /// <summary>Multiply-add work of one forward pass on one image, counted as 2 FLOPs per multiply-add.</summary>
    public virtual long Flops => 0;

    /// <summary>Appends this layer's inference graph and returns the name of its output value.</summary>
    public abstract string ExportOnnx(OnnxGraphBuilder graph, string input);

    public override string ToString() => $"{Name} {InputShape} → {OutputShape}";

    protected static Tensor EnsureOutput(ref Tensor? tensor, TensorShape shape, int batch)
    {
        tensor ??= new Tensor(shape);
        tensor.Resize(batch);
        return tensor;
    }

    protected static void CheckInput(Tensor input, TensorShape expected, string layer)
    {
        if (input.Shape != expected)
        {
            throw new ArgumentException($"{layer} expects {expected} per sample but got {input.Shape}.");
        }
    }
}
