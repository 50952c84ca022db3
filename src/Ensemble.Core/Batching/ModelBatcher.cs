using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Ensemble.Core.Telemetry;
using Microsoft.ML.OnnxRuntime;

namespace Ensemble.Core.Batching;

/// <summary>
/// Dynamic batching for one loaded model. Every request queues; then, while one of the model's instances is free,
/// the request's own thread runs what is queued (up to the maximum batch) as one batch, its own rows and other
/// requests' alike, so requests that arrive together share runs without a hand-off to another thread. With a
/// queue delay set, runners of the batcher's own wait up to that delay for fuller batches instead. Each instance
/// owns pinned buffers and reuses its OrtValues.
/// </summary>
internal sealed class ModelBatcher
{
    private readonly RegisteredModel _model;
    private readonly InferenceSession _session;
    private readonly BatchingOptions _options;
    private readonly EnsembleMetrics _metrics;
    private readonly Channel<BatchItem> _queue = Channel.CreateUnbounded<BatchItem>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly SemaphoreSlim _instances;
    private readonly ConcurrentQueue<RunBuffers> _buffers = new();

    public ModelBatcher(RegisteredModel model, BatchingOptions options, EnsembleMetrics metrics)
    {
        _model = model;
        _session = model.Session ?? throw new ArgumentException($"Model {model.Name} is not loaded.", nameof(model));
        _options = options;
        _metrics = metrics;
        _instances = new SemaphoreSlim(options.Instances, options.Instances);
        for (var i = 0; i < options.Instances; i++)
        {
            _buffers.Enqueue(new RunBuffers(model.Adapter!, options.MaxBatchSize * model.Adapter!.RowsPerSample));
            if (options.MaxQueueDelayMicroseconds > 0)
            {
                // Only a queue delay needs runners of its own, to wait for fuller batches.
                _ = Task.Run(RunQueuedAsync);
            }
        }
    }

    /// <summary>Queues <paramref name="count"/> rows; <paramref name="completion"/> is counted down once their probabilities are written.</summary>
    public BatchItem Enqueue(Memory<float> input, int count, Memory<float> probabilities, PredictionCompletion completion)
    {
        var item = new BatchItem(input, count, probabilities, completion);
        if (!_queue.Writer.TryWrite(item))
        {
            completion.MemberFailed(new InvalidOperationException($"Model {_model.Name} was unloaded."));
        }

        return item;
    }

    /// <summary>
    /// The caller, whose <paramref name="mine"/> is queued, runs queued batches while an instance is free, until its
    /// own request has run. Whoever holds an instance looks at the queue again after releasing it, and hands what it
    /// finds to the thread pool, so no request is left waiting with every caller gone.
    /// </summary>
    public void Drain(BatchItem mine)
    {
        if (_options.MaxQueueDelayMicroseconds > 0)
        {
            return;
        }

        while (_queue.Reader.Count > 0 && _instances.Wait(0))
        {
            RunQueuedBatch();
            if (mine.IsDone)
            {
                if (_queue.Reader.Count > 0)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(static batcher => batcher.DrainAll(), this, preferLocal: false);
                }

                return;
            }
        }
    }

    private void DrainAll()
    {
        while (_queue.Reader.Count > 0 && _instances.Wait(0))
        {
            RunQueuedBatch();
        }
    }

    // Runs one batch of what is queued on the instance the caller took, then gives the instance back.
    private void RunQueuedBatch()
    {
        try
        {
            var batch = new List<BatchItem>(8);
            var rows = Take(batch, 0);
            if (rows > 0)
            {
                Run(batch, rows);
            }
        }
        finally
        {
            _instances.Release();
        }
    }

    /// <summary>Lets the runners end; called when the model's last run has ended, so the queue is empty.</summary>
    public void Complete()
    {
        _queue.Writer.TryComplete();
        while (_buffers.TryDequeue(out var buffers))
        {
            buffers.Dispose();
        }
    }

    // With a queue delay, runners serve every request: they wait up to the delay for a fuller batch.
    private async Task RunQueuedAsync()
    {
        var batch = new List<BatchItem>(_options.MaxBatchSize);
        var delay = TimeSpan.FromTicks(_options.MaxQueueDelayMicroseconds * TimeSpan.TicksPerMicrosecond);
        using var wait = new CancellationTokenSource();
        while (await _queue.Reader.WaitToReadAsync())
        {
            await _instances.WaitAsync();
            try
            {
                var rows = Take(batch, 0);
                if (rows == 0)
                {
                    continue;
                }

                if (delay > TimeSpan.Zero && rows < _options.MaxBatchSize)
                {
                    rows = await WaitForMoreAsync(batch, rows, delay, wait);
                }

                Run(batch, rows);
            }
            finally
            {
                batch.Clear();
                _instances.Release();
            }
        }
    }

    // Takes queued requests while they fit; a request never splits across batches.
    private int Take(List<BatchItem> batch, int rows)
    {
        while (_queue.Reader.TryPeek(out var next) && rows + next.Count <= _options.MaxBatchSize && _queue.Reader.TryRead(out next))
        {
            batch.Add(next);
            rows += next.Count;
        }

        return rows;
    }

    private async Task<int> WaitForMoreAsync(List<BatchItem> batch, int rows, TimeSpan delay, CancellationTokenSource wait)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        while (rows < _options.MaxBatchSize && Stopwatch.GetTimestamp() < deadline && wait.TryReset())
        {
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
            rows = Take(batch, rows);
            if (rows == before)
            {
                break;
            }
        }

        return rows;
    }

    // Runs on an instance the caller holds, so one of the instances' buffers is free.
    private void Run(List<BatchItem> batch, int rows)
    {
        var started = Stopwatch.GetTimestamp();
        _buffers.TryDequeue(out var buffers);
        try
        {
            if (buffers is null)
            {
                throw new ObjectDisposedException(_model.Name, "The model was unloaded.");
            }

            var adapter = _model.Adapter!;
            // Model rows per request row: 2 with test-time augmentation, each row beside its mirror.
            var views = adapter.RowsPerSample;
            var offset = 0;
            foreach (var item in batch)
            {
                _metrics.Queued(_model.Name, Stopwatch.GetElapsedTime(item.EnqueuedAt, started));
                var input = item.Input.Span[..(item.Count * adapter.SampleSize)];
                if (adapter.IsIdentityInput)
                {
                    input.CopyTo(buffers.Input(offset, item.Count));
                }
                else
                {
                    adapter.PrepareInput(input, buffers.Input(offset * views, item.Count * views), item.Count);
                }

                offset += item.Count;
            }

            var computing = Stopwatch.GetTimestamp();
            buffers.Run(_session, rows * views);
            _metrics.Executed(_model.Name, rows, Stopwatch.GetElapsedTime(computing));

            offset = 0;
            foreach (var item in batch)
            {
                if (adapter.IsIdentityOutput)
                {
                    buffers.Output(offset, item.Count).CopyTo(item.Probabilities.Span);
                }
                else
                {
                    adapter.FinishOutput(buffers.Output(offset * views, item.Count * views), item.Probabilities.Span, item.Count);
                }

                offset += item.Count;
                item.MarkDone();
                item.Completion.MemberDone();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Every request in the batch hears of the failure; none may be left waiting.
            foreach (var item in batch)
            {
                item.MarkDone();
                item.Completion.MemberFailed(e);
            }
        }
        finally
        {
            if (buffers is not null)
            {
                _buffers.Enqueue(buffers);
            }
        }
    }
}
