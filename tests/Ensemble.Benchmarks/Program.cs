using BenchmarkDotNet.Running;
using Ensemble.Benchmarks;

if (args.Length > 0 && args[0] == "throughput")
{
    var steps = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60;
    ThroughputProbe.Run(batchSize: 128, steps, args.Length > 2 ? args[2].Split(',') : ["residual", "separable"]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ThroughputProbe).Assembly).Run(args);
