using System.Diagnostics.Metrics;
using Ensemble.Core.Telemetry;
using Prometheus;

namespace Ensemble.Web.Hosting;

/// <summary>
/// This app's Prometheus registry: what /metrics shows. It listens only to the meter this app's own
/// <see cref="IMeterFactory"/> created, so two hosts in one process (the tests start many) never count each other's
/// predictions, as prometheus-net's process-wide default registry would.
/// </summary>
public sealed class MetricsExport : IDisposable
{
    private readonly IDisposable _meters;
    private readonly IDisposable _eventCounters;

    static MetricsExport() =>
        // The default registry is never exported; without this its listeners would still record every meter and
        // event counter in the process, ASP.NET Core's on the hot path among them.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressProcessMetrics = true,
            SuppressDebugMetrics = true,
            SuppressEventCounters = true,
            SuppressMeters = true,
        });

    public MetricsExport(IMeterFactory meterFactory)
    {
        Registry = Metrics.NewCustomRegistry();
        Factory = Metrics.WithCustomRegistry(Registry);
        DotNetStats.Register(Registry);
        _eventCounters = EventCounterAdapter.StartListening(new EventCounterAdapterOptions { MetricFactory = Factory });
        _meters = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            // prometheus-net writes through MetricFactory; Registry alone leaves the default registry in charge.
            Registry = Registry,
            MetricFactory = Factory,
            // prometheus-net measures HTTP itself (UseHttpMetrics); ASP.NET Core's and Kestrel's meters would record
            // every request twice.
            InstrumentFilterPredicate = instrument => instrument.Meter.Name == EnsembleMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory),
            ResolveHistogramBuckets = Buckets,
        });
    }

    public CollectorRegistry Registry { get; }

    public IMetricFactory Factory { get; }

    public void Dispose()
    {
        _meters.Dispose();
        _eventCounters.Dispose();
    }

    // Queue waits run from microseconds to a second and batches from 1 to 256 images; the default buckets
    // (5 ms to 10 s) would put every queue wait in the first one.
    private static double[] Buckets(Instrument instrument) =>
        instrument.Unit == "s" ? Histogram.ExponentialBuckets(0.000_01, 2, 18) : Histogram.ExponentialBuckets(1, 2, 9);
}
