using Ensemble.Training.Layers;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Networks;

/// <summary>
/// Builds a network in the order it reads: <c>new NetworkBuilder(input).Conv(32).BatchNorm().Relu().Residual(64, stride: 2)…</c>.
/// </summary>
public sealed class NetworkBuilder(TensorShape input)
{
    private readonly List<Layer> _layers = [];

    public NetworkBuilder(int height, int width, int channels)
        : this(new TensorShape(channels, height, width))
    {
    }

    public NetworkBuilder Add(Layer layer)
    {
        _layers.Add(layer);
        return this;
    }

    public NetworkBuilder Conv(int filters, int kernel = 3, int stride = 1, bool bias = false) =>
        Add(new Conv2D(filters, kernel, stride, Padding.Same, bias));

    /// <summary>
    /// Cuts the image into non-overlapping <paramref name="patch"/>×<paramref name="patch"/> patches and embeds each
    /// as <paramref name="filters"/> channels (a convolution whose stride is its kernel, with bias), then BN + ReLU.
    /// </summary>
    public NetworkBuilder PatchEmbedding(int filters, int patch) =>
        Add(new Conv2D(filters, patch, patch, Padding.Valid, bias: true)).BatchNormRelu();

    public NetworkBuilder BatchNorm() => Add(new BatchNorm2D());

    /// <summary>Batch norm and ReLU in one layer (the same math, one pass less).</summary>
    public NetworkBuilder BatchNormRelu() => Add(new BatchNorm2D(relu: true));

    public NetworkBuilder Relu() => Add(new ReLU());

    public NetworkBuilder MaxPool(int size = 2) => Add(new MaxPool2D(size));

    public NetworkBuilder GlobalAveragePool() => Add(new GlobalAveragePool2D());

    public NetworkBuilder Dense(int units) => Add(new Dense(units));

    public NetworkBuilder Dropout(float rate) => Add(new Dropout(rate));

    /// <summary>Separable conv (depthwise 3×3 + pointwise 1×1, no bias) + batch norm + ReLU.</summary>
    public NetworkBuilder SeparableBlock(int filters) =>
        Add(new SeparableConv2D(filters)).BatchNormRelu();

    /// <summary>
    /// A basic residual block: conv3×3(stride) + BN + ReLU, conv3×3 + BN, added to the input (or to a 1×1 strided
    /// projection with bias when the shape changes), then ReLU.
    /// </summary>
    public NetworkBuilder Residual(int filters, int stride = 1) =>
        Add(new ResidualBlock(new Sequential([
            new Conv2D(filters, 3, stride, Padding.Same, bias: false), new BatchNorm2D(relu: true),
            new Conv2D(filters, 3, 1, Padding.Same, bias: false), new BatchNorm2D(),
        ])));

    /// <summary>
    /// A large-kernel block: depthwise 7×7 + BN, pointwise expansion to twice the channels + BN + ReLU, pointwise
    /// projection back + BN, added to the input, then ReLU.
    /// </summary>
    public NetworkBuilder LargeKernelBlock(int filters) =>
        Add(new ResidualBlock(new Sequential([
            new DepthwiseConv2D(7), new BatchNorm2D(),
            new Conv2D(2 * filters, 1, 1, Padding.Valid, bias: false), new BatchNorm2D(relu: true),
            new Conv2D(filters, 1, 1, Padding.Valid, bias: false), new BatchNorm2D(),
        ])));

    public Network Build(string architecture, int seed) => new(architecture, input, _layers, seed);
}
