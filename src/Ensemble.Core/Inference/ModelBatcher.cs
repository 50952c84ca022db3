using System.Diagnostics;
using System.Threading.Channels;
using Ensemble.Core.Models;
using Ensemble.Core.Telemetry;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Core.Inference;

/// <summary>
/// The queue of one loaded model: its runners take whatever requests are waiting (up to the maximum batch,
/// after at most the queue delay), run them as one batch and hand each request its rows. Each runner owns pinned
/// input and output buffers and the OrtValues over them, made once per batch size and reused.
/// </summary>
internal sealed class ModelBatcher
{
    private static readonly RunOptions Options = new();
    private readonly RegisteredModel _model;
    private readonly InferenceSession _session;
    private readonly BatchingOptions _options;
    private readonly EnsembleMetrics _metrics;
    private readonly Channel<BatchItem> _queue = Channel.CreateUnbounded<BatchItem>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });

    public ModelBatcher(RegisteredModel model, BatchingOptions options, EnsembleMetrics metrics)
    {
        _model = model;
        _session = model.Session ?? throw new ArgumentException($"Model {model.Name} is not loaded.", nameof(model));
        _options = options;
        _metrics = metrics;
        for (var i = 0; i < options.Instances; i++)
        {
            _ = Task.Run(RunAsync);
        }
    }

    /// <summary>Queues <paramref name="count"/> images; completes once their probabilities are written.</summary>
    public Task RunAsync(ReadOnlyMemory<float> pixels, int count, Memory<float> probabilities)
    {
        var item = new BatchItem(pixels, count, probabilities);
        if (!_queue.Writer.TryWrite(item))
        {
            item.SetException(new InvalidOperationException($"Model {_model.Name} was unloaded."));
        }

        return item.Task;
    }

    /// <summary>Lets the runners end; called when the model's last run has ended, so the queue is empty.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async Task RunAsync()
    {
        var max = _options.MaxBatchSize;
        var input = GC.AllocateArray<float>(max * ModelRegistry.Pixels, pinned: true);
        var output = GC.AllocateArray<float>(max * ModelRegistry.Classes, pinned: true);
        var values = new (OrtValue Input, OrtValue Output)?[max + 1];
        var batch = new List<BatchItem>(max);
        var delay = TimeSpan.FromTicks(_options.MaxQueueDelayMicroseconds * TimeSpan.TicksPerMicrosecond);
        using var wait = new CancellationTokenSource();
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                var rows = Take(batch, max, 0);
                if (rows == 0)
                {
                    continue;
                }

                if (delay > TimeSpan.Zero && rows < max)
                {
                    rows = await WaitForMoreAsync(batch, max, rows, delay, wait);
                }

                Run(batch, rows, input, output, values);
                batch.Clear();
            }
        }
        finally
        {
            foreach (var pair in values)
            {
                pair?.Input.Dispose();
                pair?.Output.Dispose();
            }
        }
    }

    // Takes queued requests while they fit; a request never splits across batches.
    private int Take(List<BatchItem> batch, int max, int rows)
    {
        while (_queue.Reader.TryPeek(out var next) && rows + next.Count <= max && _queue.Reader.TryRead(out next))
        {
            batch.Add(next);
            rows += next.Count;
        }

        return rows;
    }

    private async Task<int> WaitForMoreAsync(List<BatchItem> batch, int max, int rows, TimeSpan delay, CancellationTokenSource wait)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        while (rows < max && Stopwatch.GetTimestamp() < deadline)
        {
            if (!wait.TryReset())
            {
                break;
            }

            wait.CancelAfter(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline));
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(wait.Token))
                {
                    break;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var before = rows;
            rows = Take(batch, max, rows);
            if (rows == before)
            {
                break;
            }
        }

        return rows;
    }

    private void Run(List<BatchItem> batch, int rows, float[] input, float[] output, (OrtValue Input, OrtValue Output)?[] values)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var offset = 0;
            foreach (var item in batch)
            {
                _metrics.Queued(_model, Stopwatch.GetElapsedTime(item.EnqueuedAt, started));
                item.Pixels.Span[..(item.Count * ModelRegistry.Pixels)].CopyTo(input.AsSpan(offset * ModelRegistry.Pixels));
                offset += item.Count;
            }

            var (inputValue, outputValue) = values[rows] ??= (
                OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, rows * ModelRegistry.Pixels), [rows, 1, 28, 28]),
                OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output.AsMemory(0, rows * ModelRegistry.Classes), [rows, ModelRegistry.Classes]));
            _session.Run(Options, _session.InputNames, [inputValue], _session.OutputNames, [outputValue]);
            _metrics.Executed(_model, rows);

            offset = 0;
            foreach (var item in batch)
            {
                output.AsSpan(offset * ModelRegistry.Classes, item.Count * ModelRegistry.Classes).CopyTo(item.Probabilities.Span);
                offset += item.Count;
                item.SetResult();
            }
        }
        catch (Exception e) when (e is OnnxRuntimeException or ObjectDisposedException)
        {
            foreach (var item in batch)
            {
                item.TrySetException(e);
            }
        }
    }
}
