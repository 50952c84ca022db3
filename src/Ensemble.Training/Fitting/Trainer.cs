using System.Diagnostics;
using Ensemble.Tasks.Data;
using Ensemble.Training.Data;
using Ensemble.Training.Networks;
using Ensemble.Training.Optimizers;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Fitting;

/// <summary>
/// The training loop: shuffled (optionally augmented, erased and cut-mixed) batches, forward, fused softmax cross-entropy
/// (optionally against smoothed labels), backward, optimizer step on a scheduled learning rate; validation and a
/// checkpoint after every epoch.
/// </summary>
public sealed class Trainer(ITrainingObserver? observer = null)
{
    private readonly ITrainingObserver? _observer = observer;

    /// <param name="checkpointPath">Where to save after each epoch; with <paramref name="resume"/> also where to continue from.</param>
    /// <param name="stopAfterEpoch">
    /// Pause after this epoch, as a successive-halving rung does: the schedule still spans all of
    /// <see cref="TrainingOptions.Epochs"/>, so resuming later continues the run exactly.
    /// </param>
    public TrainingRun Run(
        TrainingOptions options, DatasetSplits data, string? checkpointPath = null, bool resume = false, CancellationToken cancellation = default, int? stopAfterEpoch = null)
    {
        Checkpoint? checkpoint = null;
        if (resume)
        {
            if (checkpointPath is null)
            {
                throw new ArgumentException("Resuming needs a checkpoint path.", nameof(checkpointPath));
            }

            checkpoint = Checkpoint.ReadHeader(checkpointPath);
            options = checkpoint.Options;
        }

        options.Validate();
        var train = data.Train.Take(options.Limit);
        var network = Architectures.Create(options.Architecture, options.Seed, options.Width, data.Task);
        var optimizer = Optimizer.Create(options.Optimizer, network.Parameters, options.WeightDecay);
        if (checkpoint is not null)
        {
            Checkpoint.Restore(checkpointPath!, network, optimizer);
        }

        var loader = new BatchLoader(train, network.InputShape, options.BatchSize, options.Seed, shuffle: true, options.Augment, options.RandomErasing, options.CutMix);
        var batches = loader.BatchesPerEpoch;
        var warmupEpochs = Math.Min(options.WarmupEpochs, options.Epochs - 1);
        var schedule = new LearningRateSchedule(options.LearningRate, options.Cosine, warmupEpochs * batches, options.Epochs * batches);
        var history = new List<EpochMetrics>(checkpoint?.History ?? []);
        var elapsed = checkpoint?.ElapsedSeconds ?? 0;
        var loss = new SoftmaxCrossEntropy(options.LabelSmoothing);
        var batch = new Tensor(loader.SampleShape);
        var labels = Array.Empty<int>();
        var cancelled = false;

        var lastEpoch = Math.Min(options.Epochs, stopAfterEpoch ?? options.Epochs);
        for (var epoch = checkpoint?.EpochsCompleted ?? 0; epoch < lastEpoch && !cancelled; epoch++)
        {
            _observer?.OnEpochStarted(epoch + 1, options.Epochs, batches);
            loader.StartEpoch(epoch);
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long correct = 0, seen = 0;
            var rate = 0f;
            for (var b = 0; b < batches; b++)
            {
                if (cancellation.IsCancellationRequested)
                {
                    cancelled = true;
                    break;
                }

                loader.Fill(b, batch, ref labels);
                var logits = network.Forward(batch, training: true);
                var (batchLoss, batchCorrect) = loss.Compute(logits, labels, loader.Partners, loader.PartnerShares, out var gradient);
                network.Backward(gradient);
                rate = schedule.At(optimizer.Steps);
                optimizer.Step(rate);
                if (!double.IsFinite(batchLoss))
                {
                    throw new ArithmeticException($"The loss diverged at epoch {epoch + 1}, batch {b + 1}; lower the learning rate.");
                }

                lossSum += batchLoss;
                correct += batchCorrect;
                seen += batch.Batch;
                var perSecond = seen / clock.Elapsed.TotalSeconds;
                var remainingImages = (long)(batches - b - 1) * options.BatchSize + (long)(options.Epochs - epoch - 1) * train.Count;
                _observer?.OnBatch(new BatchProgress(epoch + 1, options.Epochs, b + 1, batches, lossSum / seen, (double)correct / seen, perSecond,
                    TimeSpan.FromSeconds(remainingImages / Math.Max(perSecond, 1e-9))));
            }

            if (cancelled)
            {
                break;
            }

            var trainSeconds = clock.Elapsed.TotalSeconds;
            var validation = Evaluator.Evaluate(network, data.Validation);
            var metrics = new EpochMetrics(epoch + 1, lossSum / seen, (double)correct / seen, validation.LogLoss, validation.Accuracy,
                clock.Elapsed.TotalSeconds, seen / trainSeconds, rate);
            history.Add(metrics);
            elapsed += clock.Elapsed.TotalSeconds;
            if (checkpointPath is not null)
            {
                Checkpoint.Save(checkpointPath, new Checkpoint { Options = options, EpochsCompleted = epoch + 1, ElapsedSeconds = elapsed, History = history }, network, optimizer);
            }

            _observer?.OnEpochCompleted(metrics);
        }

        return new TrainingRun(network, options, history, elapsed, cancelled, train.Count);
    }
}
