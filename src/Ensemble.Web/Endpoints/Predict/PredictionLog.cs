namespace Ensemble.Web.Endpoints.Predict;

/// <summary>One structured line per served prediction: which ensemble version answered, for how many images.</summary>
internal sealed partial class PredictionLog(ILoggerFactory loggers)
{
    /// <summary>The logger category, so operators can quiet these lines alone.</summary>
    public const string Category = "Ensemble.Predictions";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    /// <summary>Tells the client which version answered, and logs it.</summary>
    public void Record(HttpContext http, string route, int images, Core.Ensembling.EnsembleSpec spec, double milliseconds)
    {
        http.Response.Headers["X-Ensemble-Version"] = $"{spec.Name}/{spec.Version}";
        Served(_logger, route, images, spec.Name, spec.Version, milliseconds);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Route} served {Images} image(s) with {Ensemble} v{Version} in {Milliseconds:F2} ms")]
    private static partial void Served(ILogger logger, string route, int images, string ensemble, int version, double milliseconds);
}
