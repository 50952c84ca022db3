namespace Ensemble.Benchmarks;

/// <summary>One closed-loop load measurement: requests, throughput, latency percentiles and failures.</summary>
internal sealed record LoadResult(int Requests, double Throughput, double P50, double P99, int Errors);
