using Ensemble.Trainer.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("ensemble-trainer");
    config.AddCommand<TrainCommand>("train").WithDescription("Train a preset architecture on an image task (default models/fashion-mnist) and export it to ONNX with its sidecar.")
        .WithExample("train", "--task", "models/digits", "--arch", "separable", "--epochs", "30", "--no-augment", "--out", "models/digits/digits-separable.onnx");
    config.AddCommand<EvaluateCommand>("evaluate").WithDescription("Accuracy and log-loss of an ONNX model on the validation and test splits, through ONNX Runtime.")
        .WithExample("evaluate", "--model", "models/fashion-mnist/residual.onnx");
    config.AddCommand<SummaryCommand>("summary").WithDescription("Layers, output shapes, parameters and FLOPs of a preset architecture.")
        .WithExample("summary", "--arch", "residual", "--task", "models/digits");
    config.AddCommand<ExportDataCommand>("export-data").WithDescription("Write Fashion-MNIST's validation and test splits as gzipped IDX files (models/fashion-mnist/data).");
    config.SetExceptionHandler((exception, _) =>
    {
        // Bad input is a one-line message; set ENSEMBLE_DEBUG=1 for the stack trace.
        var message = Environment.GetEnvironmentVariable("ENSEMBLE_DEBUG") is "1" ? exception.ToString() : exception.Message;
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {message}");
        return 1;
    });
});

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops training after the current batch; a second one ends the process.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};

return await app.RunAsync(args, cancellation.Token);
