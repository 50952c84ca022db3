using Ensemble.Training.Layers;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Tests.Layers;

public class DropoutTests
{
    [Fact]
    public void Forward_InTraining_DropsAboutTheRateAndRescalesTheRest()
    {
        var dropout = new Dropout(0.25f);
        dropout.Build(new TensorShape(100, 10, 10), new BuildContext(1));
        var input = new Tensor(dropout.InputShape, 4);
        input.Span.Fill(1f);

        var output = dropout.Forward(input, training: true).Span.ToArray();

        var dropped = output.Count(v => v == 0f) / (double)output.Length;
        Assert.InRange(dropped, 0.23, 0.27);
        Assert.All(output.Where(v => v != 0f), v => Assert.Equal(1f / 0.75f, v, 1e-6f));
    }

    [Fact]
    public void Forward_AtInference_IsTheIdentity()
    {
        var dropout = new Dropout(0.5f);
        dropout.Build(new TensorShape(3, 2, 2), new BuildContext(1));
        var input = new Tensor(dropout.InputShape, 2);
        input.Span.Fill(0.5f);

        Assert.Same(input, dropout.Forward(input, training: false));
    }
}
