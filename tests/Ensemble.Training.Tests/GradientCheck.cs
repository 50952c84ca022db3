using Ensemble.Training.Layers;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Tests;

/// <summary>
/// Compares a layer's backward pass with central finite differences of L = Σ r ⊙ layer(x) for a fixed random r,
/// on a sample of input and parameter coordinates. Float32 limits the achievable agreement to about 1e-2 relative.
/// </summary>
public static class GradientCheck
{
    public static void Verify(Layer layer, TensorShape inputShape, int batch, int seed = 7, int samples = 40, float step = 1e-2f, double tolerance = 2e-2)
    {
        var context = new BuildContext(seed) { NeedsInputGradient = true };
        layer.Build(inputShape, context);
        var random = new SplitMix64((ulong)seed);
        var input = new Tensor(inputShape, batch);
        for (var i = 0; i < input.Length; i++)
        {
            input.Span[i] = random.NextGaussian();
        }

        // Biases and scales start at 0/1; random values exercise every term of their gradients.
        foreach (var parameter in layer.Parameters)
        {
            for (var i = 0; i < parameter.Length; i++)
            {
                parameter.Value[i] += 0.1f * random.NextGaussian();
            }
        }

        var output = layer.Forward(input, training: true);
        var weights = new float[output.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = random.NextGaussian();
        }

        var upstream = new Tensor(output.Shape, batch);
        weights.AsSpan().CopyTo(upstream.Span);
        var inputGradient = layer.Backward(upstream).Span.ToArray();

        double Loss()
        {
            var y = layer.Forward(input, training: true).Span;
            double sum = 0;
            for (var i = 0; i < y.Length; i++)
            {
                sum += (double)weights[i] * y[i];
            }

            return sum;
        }

        void Check(float[] values, float[] analytic, string what)
        {
            var count = Math.Min(samples, values.Length);
            for (var s = 0; s < count; s++)
            {
                var i = values.Length <= samples ? s : random.NextInt(values.Length);
                var original = values[i];
                values[i] = original + step;
                var plus = Loss();
                values[i] = original - step;
                var minus = Loss();
                values[i] = original;
                var numeric = (plus - minus) / (2 * step);
                var error = Math.Abs(numeric - analytic[i]) / Math.Max(1.0, Math.Abs(numeric) + Math.Abs(analytic[i]));
                Assert.True(error < tolerance, $"{layer.Name} {what}[{i}]: analytic {analytic[i]:G6}, numeric {numeric:G6} (error {error:G3})");
            }
        }

        var parameterGradients = layer.Parameters.Select(p => p.Gradient.ToArray()).ToList();
        Check(input.Buffer, inputGradient, "input");
        var index = 0;
        foreach (var parameter in layer.Parameters)
        {
            Check(parameter.Value, parameterGradients[index++], parameter.Name);
        }
    }
}
