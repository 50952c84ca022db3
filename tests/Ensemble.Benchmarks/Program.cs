using BenchmarkDotNet.Running;
using Ensemble.Benchmarks;
using Ensemble.Training.Layers;
using Ensemble.Training.Tensors;

if (args.Length > 0 && args[0] == "throughput")
{
    var steps = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60;
    ThroughputProbe.Run(batchSize: 128, steps, args.Length > 2 ? args[2].Split(',') : ["residual", "separable"]);
    return;
}

if (args.Length > 0 && args[0] == "profile")
{
    if (Environment.GetEnvironmentVariable("ENSEMBLE_THREADS") is { } threads)
    {
        Ensemble.Training.Kernels.WorkerPool.Shared = new Ensemble.Training.Kernels.WorkerPool(int.Parse(threads, System.Globalization.CultureInfo.InvariantCulture));
    }

    foreach (var name in args.Length > 1 ? args[1].Split(',', StringSplitOptions.RemoveEmptyEntries) : ["residual", "separable"])
    {
        LayerProfile.Run(name, steps: 10);
    }

    if (args.Length > 2 && args[2] == "layers")
    {
        LayerProfile.Single(new Conv2D(64, 3, 2, Padding.Same, bias: false), new TensorShape(32, 28, 28));
        LayerProfile.Single(new Conv2D(64, 3, 1, Padding.Same, bias: false), new TensorShape(64, 14, 14));
        LayerProfile.Single(new Conv2D(64, 1, 2, Padding.Valid, bias: true), new TensorShape(32, 28, 28));
        LayerProfile.Single(new Conv2D(128, 3, 2, Padding.Same, bias: false), new TensorShape(64, 14, 14));
        LayerProfile.Single(new Conv2D(128, 3, 1, Padding.Same, bias: false), new TensorShape(128, 7, 7));
        LayerProfile.Single(new BatchNorm2D(), new TensorShape(64, 14, 14));
        LayerProfile.Single(new ReLU(), new TensorShape(64, 14, 14));
        LayerProfile.Single(new DepthwiseConv2D(), new TensorShape(32, 28, 28));
        LayerProfile.Single(new Conv2D(64, 1, 1, Padding.Valid, bias: false), new TensorShape(32, 28, 28));
        LayerProfile.Single(new DepthwiseConv2D(), new TensorShape(64, 14, 14));
        LayerProfile.Single(new MaxPool2D(), new TensorShape(64, 28, 28));
    }

    // Forward, weight-gradient and input-gradient GEMMs of the residual net's 7×7 and 14×14 convolutions.
    LayerProfile.Gemm(128, 490, 1152, false, false);
    LayerProfile.Gemm(1152, 128, 490, false, true);
    LayerProfile.Gemm(1152, 490, 128, true, false);
    LayerProfile.Gemm(64, 392, 576, false, false);
    LayerProfile.Gemm(576, 64, 392, false, true);
    LayerProfile.Gemm(576, 392, 64, true, false);
    return;
}

if (args.Length > 0 && args[0] == "http")
{
    var seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
    var clients = args.Length > 2 ? args[2].Split(',').Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : [1, 16, 64];
    await HttpLoad.RunAsync(TimeSpan.FromSeconds(seconds), clients);
    return;
}

if (args.Length > 0 && args[0] == "soak")
{
    var minutes = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
    await Soak.RunAsync(TimeSpan.FromMinutes(minutes), clients: 16);
    return;
}

if (args.Length > 0 && args[0] == "training-load")
{
    var seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
    await TrainingLoad.RunAsync(TimeSpan.FromSeconds(seconds), [1, 8]);
    return;
}

if (args.Length > 0 && args[0] == "memory")
{
    var seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60;
    await MemoryProfile.RunAsync(args.Length > 2 ? args[2] : "residual", TimeSpan.FromSeconds(seconds));
    return;
}

if (args.Length > 0 && args[0] == "search-report")
{
    await SearchReport.RunAsync(
        args.Length > 1 ? [.. args[1].Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))] : [1, 2, 3],
        args.Length > 2 ? args[2].Split(',') : []);
    return;
}

if (args.Length > 0 && args[0] == "tuning-report")
{
    TuningReport.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ThroughputProbe).Assembly).Run(args);
