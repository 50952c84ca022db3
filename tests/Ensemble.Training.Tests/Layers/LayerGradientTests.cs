using Ensemble.Training.Layers;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Tests.Layers;

/// <summary>Finite-difference checks of every layer's input and parameter gradients.</summary>
public class LayerGradientTests
{
    [Theory]
    [InlineData(3, 1, true)]
    [InlineData(3, 2, false)]
    [InlineData(1, 2, true)]
    [InlineData(1, 1, false)]
    public void Conv2D_SamePadding_GradientsMatchFiniteDifferences(int kernel, int stride, bool bias) =>
        GradientCheck.Verify(new Conv2D(5, kernel, stride, Padding.Same, bias), new TensorShape(3, 9, 8), batch: 3);

    [Fact]
    public void Conv2D_ValidPadding_GradientsMatchFiniteDifferences() =>
        GradientCheck.Verify(new Conv2D(4, 3, 1, Padding.Valid, bias: true), new TensorShape(2, 7, 7), batch: 2);

    [Fact]
    public void Conv2D_ManyImagesPerGemm_GradientsMatchFiniteDifferences() =>
        GradientCheck.Verify(new Conv2D(6, 3, 1, Padding.Same, bias: true), new TensorShape(4, 4, 4), batch: 9);

    [Theory]
    [InlineData(3, Padding.Same, false)]
    [InlineData(3, Padding.Valid, true)]
    [InlineData(5, Padding.Same, true)]
    [InlineData(7, Padding.Same, false)]
    public void DepthwiseConv2D_GradientsMatchFiniteDifferences(int kernel, Padding padding, bool bias) =>
        GradientCheck.Verify(new DepthwiseConv2D(kernel, padding, bias), new TensorShape(3, 8, 7), batch: 2);

    [Fact]
    public void SeparableConv2D_GradientsMatchFiniteDifferences() =>
        GradientCheck.Verify(new SeparableConv2D(6), new TensorShape(4, 7, 7), batch: 2);

    [Fact]
    public void BatchNorm2D_TrainingMode_GradientsMatchFiniteDifferences() =>
        GradientCheck.Verify(new BatchNorm2D(), new TensorShape(3, 4, 5), batch: 4, step: 1e-2f);

    [Fact]
    public void BatchNorm2D_WithFusedReLU_GradientsMatchFiniteDifferences() =>
        GradientCheck.Verify(new BatchNorm2D(relu: true), new TensorShape(3, 4, 5), batch: 4, step: 1e-3f);

    [Fact]
    public void ReLU_GradientsMatchFiniteDifferences() =>
        GradientCheck.Verify(new ReLU(), new TensorShape(2, 5, 5), batch: 2, step: 1e-3f);

    [Fact]
    public void MaxPool2D_GradientsMatchFiniteDifferences() =>
        GradientCheck.Verify(new MaxPool2D(2), new TensorShape(2, 6, 6), batch: 2, step: 1e-3f);

    [Fact]
    public void GlobalAveragePool2D_GradientsMatchFiniteDifferences() =>
        GradientCheck.Verify(new GlobalAveragePool2D(), new TensorShape(3, 4, 4), batch: 2);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Dense_GradientsMatchFiniteDifferences(bool bias) =>
        GradientCheck.Verify(new Dense(7, bias), new TensorShape(12, 1, 1), batch: 5);

    [Fact]
    public void Dropout_GradientsMatchFiniteDifferencesForItsMask() =>
        GradientCheck.Verify(new DropoutWithFixedMask(0.3f), new TensorShape(4, 3, 3), batch: 2);

    [Fact]
    public void ResidualBlock_WithProjection_GradientsMatchFiniteDifferences() =>
        GradientCheck.Verify(Block(6, stride: 2), new TensorShape(3, 6, 6), batch: 3, step: 1e-3f);

    [Fact]
    public void ResidualBlock_WithIdentityShortcut_GradientsMatchFiniteDifferences() =>
        GradientCheck.Verify(Block(3, stride: 1), new TensorShape(3, 5, 5), batch: 3, step: 1e-3f);

    private static ResidualBlock Block(int filters, int stride) => new(new Sequential([
        new Conv2D(filters, 3, stride, Padding.Same, bias: false), new BatchNorm2D(), new ReLU(),
        new Conv2D(filters, 3, 1, Padding.Same, bias: false), new BatchNorm2D(),
    ]));

    // Dropout draws a new mask on every forward pass; finite differences need the same mask each time.
    private sealed class DropoutWithFixedMask(float rate) : Layer
    {
        private readonly Dropout _dropout = new(rate);
        private Tensor? _masked;

        protected override string NamePrefix => "fixeddropout";

        protected override TensorShape OnBuild(TensorShape input, BuildContext context)
        {
            _dropout.Build(input, context);
            return input;
        }

        public override Tensor Forward(Tensor input, bool training)
        {
            if (_masked is null)
            {
                _masked = new Tensor(input.Shape, input.Batch);
                _dropout.Forward(input, training: true).Span.CopyTo(_masked.Span);
                // The mask is the ratio of the first output to its input.
                Mask = new float[input.Length];
                for (var i = 0; i < input.Length; i++)
                {
                    Mask[i] = _masked.Span[i] / input.Span[i];
                }
            }

            var output = new Tensor(input.Shape, input.Batch);
            TensorPrimitives.Multiply(input.Span, Mask, output.Span);
            return output;
        }

        private float[] Mask { get; set; } = [];

        public override Tensor Backward(Tensor outputGradient) => _dropout.Backward(outputGradient);

        public override string ExportOnnx(Ensemble.Training.Onnx.OnnxGraphBuilder graph, string input) => input;
    }
}
