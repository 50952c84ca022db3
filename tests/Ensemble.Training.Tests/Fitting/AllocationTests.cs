using Ensemble.Tasks.Data;
using Ensemble.Training.Data;
using Ensemble.Training.Kernels;
using Ensemble.Training.Networks;
using Ensemble.Training.Optimizers;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Tests.Fitting;

/// <summary>Runs alone: it swaps the shared worker pool, which parallel tests would notice.</summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationCollection;

[Collection(nameof(AllocationTests))]
public class AllocationTests
{
    [Theory]
    [InlineData("residual")]
    [InlineData("separable")]
    [InlineData("vgg")]
    [InlineData("mlp")]
    [InlineData("largekernel")]
    [InlineData("isotropic")]
    public void TrainingStep_OnceWarm_AllocatesNothing(string architecture)
    {
        // One thread, so that every allocation of the step happens on this thread and is counted.
        var shared = WorkerPool.Shared;
        using var pool = new WorkerPool(1);
        WorkerPool.Shared = pool;
        try
        {
            Assert.Equal(0, AllocatedByWarmStep(architecture));
        }
        finally
        {
            WorkerPool.Shared = shared;
        }
    }

    private static long AllocatedByWarmStep(string architecture)
    {
        var (_, test) = FashionMnist.LoadEvaluation(RepositoryPaths.EvaluationData);
        var images = test.Slice(0, 256).ToSamples();
        var network = CommittedTasks.FashionNetwork(architecture, seed: 1);
        var optimizer = Optimizer.Create(OptimizerKind.AdamW, network.Parameters, 5e-4f);
        var loss = new SoftmaxCrossEntropy();
        var loader = new BatchLoader(images, network.InputShape, 32, seed: 1, shuffle: true, augment: true);
        var batch = new Tensor(loader.SampleShape);
        var labels = Array.Empty<int>();
        void Step(int index)
        {
            loader.Fill(index % loader.BatchesPerEpoch, batch, ref labels);
            var logits = network.Forward(batch, training: true);
            loss.Compute(logits, labels, out var gradient);
            network.Backward(gradient);
            optimizer.Step(1e-3f);
        }

        loader.StartEpoch(0);
        // Warm-up: buffers grow on the first batch, and the tiered JIT settles its code in the first few dozen calls.
        for (var i = 0; i < 40; i++)
        {
            Step(i);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 40; i < 48; i++)
        {
            Step(i);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
