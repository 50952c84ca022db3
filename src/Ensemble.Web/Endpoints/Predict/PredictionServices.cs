using Ensemble.Core.Ensembling;
using Ensemble.Core.Images;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Ensemble.Core.Versions;
using Microsoft.AspNetCore.Mvc;

namespace Ensemble.Web.Endpoints.Predict;

/// <summary>What a prediction route needs from the app, taken as one <c>[AsParameters]</c> bundle, as eShop's handlers take theirs.</summary>
internal sealed record PredictionServices(
    [FromServices] EnsembleStore Ensembles,
    [FromServices] ModelRegistry Registry,
    [FromServices] EnsemblePredictor Predictor,
    [FromServices] ImagePreprocessor Images,
    [FromServices] InferenceOptions Options,
    [FromServices] PredictionLog Log);
