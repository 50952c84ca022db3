using System.Diagnostics;
using Ensemble.Training.Kernels;
using Ensemble.Training.Layers;
using Ensemble.Training.Networks;
using Ensemble.Training.Tensors;

namespace Ensemble.Benchmarks;

/// <summary>Where a training step spends its time: forward and backward of each top-level layer, and GEMM GFLOP/s on the nets' shapes.</summary>
public static class LayerProfile
{
    // Enough calls for tiered compilation to reach its optimized code before timing starts.
    private const int Warmup = 40;

    public static void Run(string architecture, int steps)
    {
        var network = BenchmarkData.Network(architecture);
        var (batch, labels) = BenchmarkData.Batch(128);
        var loss = new SoftmaxCrossEntropy();
        var layers = network.Body.Layers;
        var forward = new double[layers.Count];
        var backward = new double[layers.Count];
        for (var step = 0; step < steps + Warmup; step++)
        {
            var x = batch;
            for (var i = 0; i < layers.Count; i++)
            {
                var t = Stopwatch.GetTimestamp();
                x = layers[i].Forward(x, training: true);
                if (step >= Warmup)
                {
                    forward[i] += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                }
            }

            loss.Compute(x, labels, out var g);
            for (var i = layers.Count - 1; i >= 0; i--)
            {
                var t = Stopwatch.GetTimestamp();
                g = layers[i].Backward(g);
                if (step >= Warmup)
                {
                    backward[i] += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                }
            }
        }

        Console.WriteLine($"{architecture}: ms per batch of 128 (forward / backward), {WorkerPool.Shared.Threads} threads");
        for (var i = 0; i < layers.Count; i++)
        {
            Console.WriteLine($"  {layers[i].Name,-12} {layers[i].OutputShape,-14} {forward[i] / steps,8:F2} {backward[i] / steps,8:F2}");
        }

        Console.WriteLine($"  {"total",-12} {"",-14} {forward.Sum() / steps,8:F2} {backward.Sum() / steps,8:F2}");
    }

    /// <summary>Forward and backward of one layer on its own, at batch 128.</summary>
    public static void Single(Layer layer, TensorShape input, int steps = 10)
    {
        layer.Build(input, new BuildContext(1) { NeedsInputGradient = true });
        var x = new Tensor(input, 128);
        var random = new SplitMix64(1);
        for (var i = 0; i < x.Length; i++)
        {
            x.Span[i] = random.NextGaussian();
        }

        var y = layer.Forward(x, training: true);
        var g = new Tensor(y.Shape, 128);
        y.Span.CopyTo(g.Span);
        double forward = 0, backward = 0;
        for (var step = 0; step < steps + Warmup; step++)
        {
            var t = Stopwatch.GetTimestamp();
            layer.Forward(x, training: true);
            var f = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            t = Stopwatch.GetTimestamp();
            layer.Backward(g);
            var b = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (step >= Warmup)
            {
                forward += f;
                backward += b;
            }
        }

        var gflop = 3.0 * layer.Flops * 128 / 1e9;
        Console.WriteLine($"  {layer.GetType().Name,-16} {input,-12} → {layer.OutputShape,-12} {forward / steps,7:F2} {backward / steps,7:F2} ms   {(gflop > 0 ? $"{gflop / ((forward + backward) / steps / 1e3):F0} GFLOP/s" : "")}");
    }

    public static void Gemm(int m, int n, int k, bool transposeA, bool transposeB)
    {
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        new Random(1).NextBytes(new byte[1]);
        var (aRow, aCol) = transposeA ? (1, m) : (k, 1);
        var (bRow, bCol) = transposeB ? (1, k) : (n, 1);
        for (var i = 0; i < 3; i++)
        {
            Training.Kernels.Gemm.Multiply(m, n, k, a, aRow, aCol, b, bRow, bCol, c, n, false);
        }

        var runs = Math.Max(3, (int)(2e9 / (2.0 * m * n * k)));
        var t = Stopwatch.GetTimestamp();
        for (var i = 0; i < runs; i++)
        {
            Training.Kernels.Gemm.Multiply(m, n, k, a, aRow, aCol, b, bRow, bCol, c, n, false);
        }

        var seconds = Stopwatch.GetElapsedTime(t).TotalSeconds;
        Console.WriteLine($"  gemm {m}x{n}x{k} tA={transposeA} tB={transposeB}: {2.0 * m * n * k * runs / seconds / 1e9:F1} GFLOP/s (1 thread)");
    }
}
