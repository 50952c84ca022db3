using System.Diagnostics.Metrics;
using Ensemble.Core.Telemetry;
using Prometheus;

namespace Ensemble.Web.Hosting;

/// <summary>
/// Histogram buckets that fit what the app measures: queue waits of microseconds to a second, and batch sizes of
/// 1 to 256 images. prometheus-net's defaults (5 ms to 10 s) would put every queue wait in the first bucket.
/// </summary>
public static class MetricBuckets
{
    // prometheus-net's own default, for the instruments of ASP.NET Core and the runtime.
    private static readonly double[] Default = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    public static void Configure() => Metrics.ConfigureMeterAdapter(options =>
    {
        options.ResolveHistogramBuckets = For;
        // Only the app's own meter: prometheus-net already measures HTTP and the runtime itself, and listening to
        // ASP.NET Core's and Kestrel's meters as well would record every request twice, on the hot path.
        options.InstrumentFilterPredicate = instrument => instrument.Meter.Name == EnsembleMetrics.MeterName;
    });

    private static double[] For(Instrument instrument) => instrument.Meter.Name != EnsembleMetrics.MeterName
        ? Default
        : instrument.Unit == "s" ? Histogram.ExponentialBuckets(0.000_01, 2, 18)
        : Histogram.ExponentialBuckets(1, 2, 9);
}
