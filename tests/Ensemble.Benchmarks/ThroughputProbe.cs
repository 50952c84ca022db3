using System.Diagnostics;
using Ensemble.Training.Networks;
using Ensemble.Training.Optimizers;
using Ensemble.Training.Tensors;

namespace Ensemble.Benchmarks;

/// <summary>
/// Training and inference images/s per architecture, measured the way ../shared/bench/torch_speed.py measures
/// PyTorch (RMSprop, batch 128, warm-up steps then timed steps), so the two can run side by side. The warm-up is
/// 30 steps rather than PyTorch's 5 so that .NET's tiered JIT has promoted the hot loops to optimized code.
/// </summary>
public static class ThroughputProbe
{
    public static void Run(int batchSize, int steps, IEnumerable<string> architectures)
    {
        var batches = Enumerable.Range(0, 8).Select(i => BenchmarkData.Batch(batchSize, i * batchSize)).ToArray();
        var (singles, _) = BenchmarkData.Batch(300);
        foreach (var name in architectures)
        {
            var network = BenchmarkData.Network(name);
            var optimizer = new RmsProp(network.Parameters, weightDecay: 0f);
            var loss = new SoftmaxCrossEntropy();
            void Step(int i)
            {
                var (batch, labels) = batches[i % 8];
                var logits = network.Forward(batch, training: true);
                loss.Compute(logits, labels, out var gradient);
                network.Backward(gradient);
                optimizer.Step(1e-3f);
            }

            for (var i = 0; i < 30; i++)
            {
                Step(i);
            }

            var clock = Stopwatch.StartNew();
            for (var i = 0; i < steps; i++)
            {
                Step(i);
            }

            var train = steps * batchSize / clock.Elapsed.TotalSeconds;
            for (var i = 0; i < 30; i++)
            {
                network.Predict(batches[i % 8].Batch);
            }

            clock.Restart();
            for (var i = 0; i < 20; i++)
            {
                network.Predict(batches[i % 8].Batch);
            }

            var infer = 20 * batchSize / clock.Elapsed.TotalSeconds;
            var single = new Tensor(network.InputShape, 1);
            clock.Restart();
            for (var i = 0; i < 300; i++)
            {
                singles.Sample(i).CopyTo(single.Span);
                network.Predict(single);
            }

            var one = 300 / clock.Elapsed.TotalSeconds;
            Console.WriteLine($"{name}: {network.ParameterCount:N0} params; train {train:N0} img/s; inference batch {batchSize} {infer:N0} img/s; batch 1 {one:N0} img/s");
        }
    }
}
