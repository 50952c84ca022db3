using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ensemble.Core.Calibration;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Versions;
using Ensemble.Web.Endpoints.Ensembles;
using Ensemble.Web.Endpoints.Models;
using Ensemble.Web.Endpoints.Predict;
using Ensemble.Web.Endpoints.Samples;
using Ensemble.Web.Endpoints.Studies;
using Ensemble.Web.Tests.Runs;

namespace Ensemble.Web.Tests.Endpoints;

/// <summary>Temperatures fitted by a study and applied in serving, per-prediction uncertainty, and the abstain threshold.</summary>
public sealed class CalibrationApiTests(EnsembleAppFactory factory) : IClassFixture<EnsembleAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Calibration_OfAVersion_ReportsEverySplitAndMember_Consistently()
    {
        var report = await _client.GetJson<EnsembleCalibrationReport>("/api/ensembles/fashion-mnist-uniform/calibration");
        var models = await _client.GetJson<ModelResponse[]>("/api/models");

        Assert.Equal(15, report.Test.Bins.Count);
        Assert.Equal(report.Test.Rows, report.Test.Bins.Sum(b => b.Count));
        Assert.Equal(1.0, report.TestCoverage[^1].Coverage);
        Assert.Equal(report.Test.Accuracy, report.TestCoverage[^1].Accuracy, 12);
        Assert.True(report.TestCoverage[0].Accuracy >= report.Test.Accuracy);
        Assert.InRange(report.Test.Ece, 0, 0.2);
        foreach (var member in report.Members)
        {
            Assert.Equal(models.Single(m => m.Name == member.Model).TestAccuracy!.Value, member.Test.Accuracy, 6);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/ensembles/fashion-mnist-uniform/calibration?version=9")).StatusCode);
    }

    [Fact]
    public async Task AStudyThatCalibrates_StoresItsTemperaturesWithTheVersion_AndServingAppliesThem()
    {
        await _client.PostJson("/api/ensembles", new { name = "calibrated", method = "Average", weights = new { residual = 1, separable = 1 } });
        var created = await _client.PostJson("/api/studies", new { ensemble = "calibrated", strategy = "LogLossOptimum", budget = 200, folds = 3 });
        var id = (await created.Content.ReadFromJsonAsync<StudyResponse>(ApiClient.Json))!.Id;
        await factory.EndOf(RunKind.Study, id);
        var study = await _client.GetJson<StudyResponse>($"/api/studies/{id}");
        (await _client.PostAsync($"/api/studies/{id}/apply", null)).EnsureSuccessStatusCode();
        var version = await _client.GetJson<EnsembleResponse>("/api/ensembles/calibrated");

        var calibration = study.Calibration!;
        Assert.True(study.Settings.Calibrate);
        Assert.Equal(calibration.MemberTemperatures, version.Members.Select(m => m.Temperature));
        Assert.Equal(calibration.Temperature, version.Temperature);
        Assert.True(calibration.HeldOutAfter.LogLoss <= calibration.HeldOutBefore.LogLoss + 0.005, $"{calibration.HeldOutBefore.LogLoss} → {calibration.HeldOutAfter.LogLoss}");
        Assert.Equal(study.Results!.Test.LogLoss, calibration.TestAfter.LogLoss, 9);

        // Served = temperature(Σ w_m · temperature_m(member m as it is)), the members as ONNX Runtime gives them.
        var (pixels, count) = await Samples(6);
        var served = await Infer("calibrated", pixels, count);
        var members = version.Members.Select(m => (m, Probabilities: Infer(m.Model, pixels, count).Result)).ToList();
        var mixture = new float[count * 10];
        foreach (var (member, probabilities) in members)
        {
            var tempered = new float[probabilities.Length];
            TemperatureScaling.Apply(probabilities, 10, member.Temperature, tempered);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(tempered, member.Weight, mixture, mixture);
        }

        TemperatureScaling.Apply(mixture, 10, version.Temperature, mixture);
        Assert.Equal(mixture, served, new FloatTolerance(1e-5f));
    }

    [Fact]
    public async Task Predictions_ReportTheirUncertainty_AsTheMembersSayIt()
    {
        var (pixels, count) = await Samples(4);
        var response = await (await _client.PostJson("/api/predict", new { ensemble = "fashion-mnist-uniform", instances = Enumerable.Range(0, count).Select(i => new { pixels = pixels[(i * 784)..((i + 1) * 784)] }) }))
            .Content.ReadFromJsonAsync<PredictResponse>(ApiClient.Json);

        foreach (var prediction in response!.Predictions)
        {
            var stacked = prediction.Members.Values.SelectMany(p => p).ToArray();
            var expected = Uncertainty.Measure(stacked, [0.5f, 0.5f], prediction.Probabilities, rows: 1, classes: 10)[0];
            Assert.Equal(expected.Entropy, prediction.Uncertainty!.Entropy, 9);
            Assert.Equal(expected.MutualInformation, prediction.Uncertainty.MutualInformation, 9);
            Assert.Equal(expected.Agreement, prediction.Uncertainty.Agreement, 12);
            Assert.False(prediction.Abstain);
        }
    }

    [Fact]
    public async Task Abstain_FlagsPredictionsBelowTheThreshold_AndAnswersTheOneExactlyAtIt()
    {
        await _client.PostJson("/api/ensembles", new { name = "careful", method = "Average", weights = new { residual = 1, separable = 1 } });
        var (pixels, count) = await Samples(24);
        var before = await Infer("careful", pixels, count);
        var confidences = Enumerable.Range(0, count).Select(i => before.AsSpan(i * 10, 10).ToArray().Max()).ToArray();
        var median = confidences.Order().ElementAt(count / 2);

        var set = await _client.PutAsJsonAsync("/api/ensembles/careful/abstain", new { threshold = median }, ApiClient.Json);
        var saved = await set.Content.ReadFromJsonAsync<AbstainResult>(ApiClient.Json);
        var answer = await Oip("careful", pixels, count, "probabilities", "abstain", "entropy", "mutual_information", "agreement");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(median, saved!.Threshold);
        Assert.Equal(2, saved.Version.Version);
        var flags = answer["abstain"]!["data"]!.AsArray().Select(v => (bool)v!).ToArray();
        Assert.Equal(confidences.Select(c => c < median), flags);
        Assert.Contains(flags, f => !f);
        Assert.Contains(flags, f => f);
        Assert.Equal("BOOL", (string?)answer["abstain"]!["datatype"]);
        Assert.Equal([count], answer["entropy"]!["shape"]!.AsArray().Select(d => (int)d!));
        Assert.All(answer["agreement"]!["data"]!.AsArray(), a => Assert.Contains((double)a!, new[] { 0.5, 1.0 }));
        // The probabilities are served as before: abstaining only flags.
        Assert.Equal(before, answer["probabilities"]!["data"]!.AsArray().Select(v => (float)v!).ToArray());
    }

    [Fact]
    public async Task Abstain_FromATargetAccuracy_ReachesItOnValidation_AndReportsTest()
    {
        await _client.PostJson("/api/ensembles", new { name = "target", method = "Average", weights = new { residual = 1, separable = 1 } });

        var saved = await (await _client.PutAsJsonAsync("/api/ensembles/target/abstain", new { targetAccuracy = 0.99 }, ApiClient.Json))
            .Content.ReadFromJsonAsync<AbstainResult>(ApiClient.Json);
        var stored = (await _client.GetJson<EnsembleResponse>("/api/ensembles/target")).AbstainBelow;
        var cleared = await (await _client.PutAsJsonAsync("/api/ensembles/target/abstain", new { note = "off" }, ApiClient.Json))
            .Content.ReadFromJsonAsync<AbstainResult>(ApiClient.Json);

        Assert.True(saved!.Validation!.Accuracy >= 0.99);
        Assert.InRange(saved.Validation.Coverage, 0.3, 0.999);
        Assert.InRange(saved.Test!.Coverage, 0.3, 0.999);
        Assert.Equal(saved.Threshold, stored);
        Assert.Null(cleared!.Threshold);
        Assert.Null((await _client.GetJson<EnsembleResponse>("/api/ensembles/target")).AbstainBelow);
    }

    [Theory]
    [InlineData("""{"threshold":1.5}""")]
    [InlineData("""{"targetAccuracy":0}""")]
    [InlineData("""{"targetCoverage":2}""")]
    [InlineData("""{"threshold":0.5,"targetCoverage":0.5}""")]
    public async Task Abstain_BadRequests_AreRefused_AndSaveNothing(string body)
    {
        var before = await _client.GetJson<EnsembleResponse>("/api/ensembles/fashion-mnist-uniform");

        var response = await _client.PutAsync("/api/ensembles/fashion-mnist-uniform/abstain", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before.Version, (await _client.GetJson<EnsembleResponse>("/api/ensembles/fashion-mnist-uniform")).Version);
    }

    private async Task<(float[] Pixels, int Count)> Samples(int count)
    {
        var samples = await _client.GetJson<SampleResponse[]>($"/api/samples?split=test&count={count}&offset=200");
        return ([.. samples.SelectMany(s => s.Pixels!)], count);
    }

    private async Task<float[]> Infer(string model, float[] pixels, int count) =>
        [.. (await Oip(model, pixels, count, "probabilities"))["probabilities"]!["data"]!.AsArray().Select(v => (float)v!)];

    private async Task<JsonObject> Oip(string model, float[] pixels, int count, params string[] outputs)
    {
        var response = await _client.PostJson($"/v2/models/{model}/infer", new
        {
            inputs = new[] { new { name = "input", shape = new[] { count, 784 }, datatype = "FP32", data = pixels } },
            outputs = outputs.Select(o => new { name = o }),
        });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return new JsonObject(body["outputs"]!.AsArray().Select(o => KeyValuePair.Create((string)o!["name"]!, (JsonNode?)o.DeepClone())));
    }
}
