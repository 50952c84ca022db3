using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace Ensemble.Web.Endpoints.Predict;

/// <summary>The query of POST /api/predict/image: which ensemble (or the task's default), inverting dark-on-light photos, and how many top classes.</summary>
public sealed record PredictImageQuery(
    [FromQuery(Name = "ensemble")] string? Ensemble,
    [FromQuery(Name = "task")] string? Task,
    // Swagger shows a bundled parameter's default only from the attribute on its property.
    [FromQuery(Name = "invert")][property: DefaultValue(false)] bool Invert = false,
    [FromQuery(Name = "topK")] int? TopK = null);
