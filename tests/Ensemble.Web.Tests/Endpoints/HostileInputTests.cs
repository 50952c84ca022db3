using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SkiaSharp;

namespace Ensemble.Web.Tests.Endpoints;

/// <summary>
/// Hostile requests, one table: each gets a 4xx problem-details response, the process stays up, and nothing
/// stored (ensembles, studies, jobs, searches, models) changes.
/// </summary>
public sealed class HostileInputTests(EnsembleAppFactory factory) : IClassFixture<EnsembleAppFactory>
{
    private const string Json = "application/json";
    private static readonly float[] Blank = new float[784];
    private static readonly byte[] SmallPng = TestImages.Png(28, 28, SKColors.White);

    public static TheoryData<string, string, string, string, byte[]> Requests() => new()
    {
        // POST /api/predict
        { "truncated JSON", "POST", "/api/predict", Json, Utf8("""{"instances":[{"pixels":[0,0""") },
        { "not JSON", "POST", "/api/predict", Json, Utf8("hello") },
        { "JSON null", "POST", "/api/predict", Json, Utf8("null") },
        { "JSON array at the top", "POST", "/api/predict", Json, Utf8("[]") },
        { "empty body", "POST", "/api/predict", Json, [] },
        { "instances as a string", "POST", "/api/predict", Json, Utf8("""{"instances":"many"}""") },
        { "pixels as strings", "POST", "/api/predict", Json, Utf8("""{"instances":[{"pixels":["a","b"]}]}""") },
        { "pixels nested", "POST", "/api/predict", Json, Utf8("""{"instances":[{"pixels":[[0,1]]}]}""") },
        { "783 pixels", "POST", "/api/predict", Json, Body(new { instances = new[] { new { pixels = new float[783] } } }) },
        { "785 pixels", "POST", "/api/predict", Json, Body(new { instances = new[] { new { pixels = new float[785] } } }) },
        { "100,000 pixels", "POST", "/api/predict", Json, Body(new { instances = new[] { new { pixels = new float[100_000] } } }) },
        { "257 instances", "POST", "/api/predict", Json, Body(new { instances = Enumerable.Repeat(new { pixels = Blank }, 257) }) },
        { "NaN pixel", "POST", "/api/predict", Json, Utf8("""{"instances":[{"pixels":[NaN]}]}""") },
        { "overflowing pixel", "POST", "/api/predict", Json, Utf8("""{"instances":[{"pixels":[1e999]}]}""") },
        { "pixel of 2", "POST", "/api/predict", Json, Body(new { instances = new[] { new { pixels = Pixels(2f) } } }) },
        { "negative pixel", "POST", "/api/predict", Json, Body(new { instances = new[] { new { pixels = Pixels(-0.5f) } } }) },
        { "topK as text", "POST", "/api/predict", Json, Utf8("""{"topK":"three","instances":[]}""") },
        { "topK of 0", "POST", "/api/predict", Json, Body(new { topK = 0, instances = new[] { new { pixels = Blank } } }) },
        { "ensemble as a number", "POST", "/api/predict", Json, Utf8("""{"ensemble":42,"instances":[]}""") },
        { "unknown ensemble", "POST", "/api/predict", Json, Body(new { ensemble = "ghost", instances = new[] { new { pixels = Blank } } }) },
        { "weights as a string", "POST", "/api/predict", Json, Utf8("""{"weights":"heavy","instances":[]}""") },
        { "weights as text values", "POST", "/api/predict", Json, Utf8("""{"weights":{"residual":"x"},"instances":[]}""") },
        { "negative weights", "POST", "/api/predict", Json, Body(new { weights = new Dictionary<string, double> { ["residual"] = -1, ["separable"] = 1 }, instances = new[] { new { pixels = Blank } } }) },
        { "JSON nested 200 deep", "POST", "/api/predict", Json, Utf8(new string('[', 200) + new string(']', 200)) },
        { "image not base64", "POST", "/api/predict", Json, Body(new { instances = new[] { new { image = "%%%" } } }) },
        { "image of text", "POST", "/api/predict", Json, Body(new { instances = new[] { new { image = Convert.ToBase64String(Utf8("plain text")) } } }) },
        { "image truncated PNG", "POST", "/api/predict", Json, Body(new { instances = new[] { new { image = Convert.ToBase64String(SmallPng[..(SmallPng.Length / 2)]) } } }) },
        { "image claiming 100000×100000", "POST", "/api/predict", Json, Body(new { instances = new[] { new { image = Convert.ToBase64String(Enormous()) } } }) },
        { "image over the byte limit", "POST", "/api/predict", Json, Body(new { instances = new[] { new { image = Convert.ToBase64String(new byte[250_000]) } } }) },
        { "pixels and image together", "POST", "/api/predict", Json, Body(new { instances = new[] { new { pixels = Blank, image = "AAAA" } } }) },
        { "text/plain body", "POST", "/api/predict", "text/plain", Body(new { instances = new[] { new { pixels = Blank } } }) },
        { "XML body", "POST", "/api/predict", "application/xml", Utf8("<instances/>") },

        // POST /api/predict/image
        { "upload of text", "POST", "/api/predict/image", "multipart", Utf8("plain text") },
        { "upload of a truncated PNG", "POST", "/api/predict/image", "multipart", SmallPng[..(SmallPng.Length / 2)] },
        { "upload claiming 100000×100000", "POST", "/api/predict/image", "multipart", Enormous() },
        { "upload over the pixel limit", "POST", "/api/predict/image", "multipart", TestImages.Png(1200, 1000, SKColors.Gray) },
        { "empty upload", "POST", "/api/predict/image", "multipart", [] },
        { "upload as JSON", "POST", "/api/predict/image", Json, Utf8("{}") },

        // Open Inference Protocol v2
        { "OIP truncated JSON", "POST", "/v2/models/fashion-mnist-uniform/infer", Json, Utf8("""{"inputs":[""") },
        { "OIP no inputs", "POST", "/v2/models/fashion-mnist-uniform/infer", Json, Utf8("""{"id":"1"}""") },
        { "OIP two inputs", "POST", "/v2/models/fashion-mnist-uniform/infer", Json, Oip(2, "FP32", [1, 784], Blank) },
        { "OIP INT8 data", "POST", "/v2/models/fashion-mnist-uniform/infer", Json, Oip(1, "INT8", [1, 784], Blank) },
        { "OIP shape of 10 pixels", "POST", "/v2/models/fashion-mnist-uniform/infer", Json, Oip(1, "FP32", [1, 10], new float[10]) },
        { "OIP shape and data disagree", "POST", "/v2/models/fashion-mnist-uniform/infer", Json, Oip(1, "FP32", [2, 784], Blank) },
        { "OIP negative shape", "POST", "/v2/models/fashion-mnist-uniform/infer", Json, Oip(1, "FP32", [-1, 784], Blank) },
        { "OIP data as strings", "POST", "/v2/models/fashion-mnist-uniform/infer", Json, Utf8("""{"inputs":[{"name":"input","shape":[1,1],"datatype":"FP32","data":["x"]}]}""") },
        { "OIP unknown output", "POST", "/v2/models/fashion-mnist-uniform/infer", Json, Utf8("""{"inputs":[{"name":"input","shape":[1,784],"datatype":"FP32","data":[]}],"outputs":[{"name":"logits"}]}""") },
        { "OIP unknown model", "POST", "/v2/models/ghost/infer", Json, Oip(1, "FP32", [1, 784], Blank) },
        // Triton's binary data extension: "binary:N" sends Inference-Header-Content-Length N ("header": the JSON's own length).
        { "OIP binary header length not a number", "POST", "/v2/models/fashion-mnist-uniform/infer", "binary:ten", Binary(3136, 3136) },
        { "OIP binary header length past the body", "POST", "/v2/models/fashion-mnist-uniform/infer", "binary:999999", Binary(3136, 3136) },
        { "OIP binary header length cutting the JSON", "POST", "/v2/models/fashion-mnist-uniform/infer", "binary:20", Binary(3136, 3136) },
        { "OIP binary body truncated", "POST", "/v2/models/fashion-mnist-uniform/infer", "binary:header", Binary(3136, 1000) },
        { "OIP binary bytes beyond the sizes", "POST", "/v2/models/fashion-mnist-uniform/infer", "binary:header", Binary(3136, 4000) },
        { "OIP binary_data_size absurd", "POST", "/v2/models/fashion-mnist-uniform/infer", "binary:header", Binary(long.MaxValue, 3136) },
        { "OIP binary_data_size negative", "POST", "/v2/models/fashion-mnist-uniform/infer", "binary:header", Binary(-4, 3136) },
        { "OIP binary size not the shape's", "POST", "/v2/models/fashion-mnist-uniform/infer", "binary:header", Binary(3132, 3132) },
        { "OIP binary NaN pixel", "POST", "/v2/models/fashion-mnist-uniform/infer", "binary:header", Binary(3136, 3136, float.NaN) },
        { "OIP binary output flag as text", "POST", "/v2/models/fashion-mnist-uniform/infer", Json, Utf8("""{"inputs":[{"name":"input","shape":[1,784],"datatype":"FP32","data":[]}],"outputs":[{"name":"probabilities","parameters":{"binary_data":"yes"}}]}""") },
        { "OIP classification as text", "POST", "/v2/models/fashion-mnist-uniform/infer", Json, Utf8("""{"inputs":[{"name":"input","shape":[1,784],"datatype":"FP32","data":[]}],"outputs":[{"name":"probabilities","parameters":{"classification":"top"}}]}""") },
        { "OIP config of a ghost", "GET", "/v2/models/ghost/config", Json, [] },
        { "OIP stats of a ghost", "GET", "/v2/models/ghost/stats", Json, [] },

        // Requests that would change state
        { "ensemble from truncated JSON", "POST", "/api/ensembles", Json, Utf8("""{"name":""") },
        { "ensemble named with spaces", "POST", "/api/ensembles", Json, Body(new { name = "a b", method = "Average", weights = new { residual = 1 } }) },
        { "ensemble named like a model", "POST", "/api/ensembles", Json, Body(new { name = "residual", method = "Average", weights = new { residual = 1 } }) },
        { "ensemble of a ghost model", "POST", "/api/ensembles", Json, Body(new { name = "haunted", method = "Average", weights = new { ghost = 1 } }) },
        { "ensemble method unknown", "POST", "/api/ensembles", Json, Utf8("""{"name":"odd","method":"Median","weights":{"residual":1}}""") },
        { "weights all zero", "PUT", "/api/ensembles/fashion-mnist-uniform/weights", Json, Body(new { weights = new { residual = 0, separable = 0 } }) },
        { "weights of a ghost ensemble", "PUT", "/api/ensembles/ghost/weights", Json, Body(new { weights = new { residual = 1 } }) },
        { "activate a version that is not there", "POST", "/api/ensembles/fashion-mnist-uniform/versions/99/activate", Json, [] },
        { "study with a negative budget", "POST", "/api/studies", Json, Body(new { ensemble = "fashion-mnist-uniform", strategy = "RandomSearch", budget = -1 }) },
        { "study of an unknown strategy", "POST", "/api/studies", Json, Utf8("""{"ensemble":"fashion-mnist-uniform","strategy":"Guess"}""") },
        { "job of an unknown architecture", "POST", "/api/training/jobs", Json, Body(new { architecture = "transformer" }) },
        { "job of 100,000 epochs", "POST", "/api/training/jobs", Json, Body(new { architecture = "mlp", epochs = 100_000 }) },
        { "search with a text space", "POST", "/api/training/searches", Json, Utf8("""{"space":"everything"}""") },
        { "model upload of text", "POST", "/api/tasks/digits/models", "multipart", Utf8("not an onnx model") },
        { "model upload of half a model", "POST", "/api/tasks/digits/models", "multipart", HalfModel() },
        { "model upload as JSON", "POST", "/api/tasks/digits/models", Json, Utf8("""{"model":"AAAA"}""") },
        { "model upload to a ghost task", "POST", "/api/tasks/ghost/models", "multipart", HalfModel() },
        { "task upload of text", "POST", "/api/tasks", "multipart", Utf8("not a zip") },
        { "task zip that climbs out with ../", "POST", "/api/tasks", "multipart", ClimbingZip() },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task AHostileRequest_Gets4xxProblemDetails_AndChangesNothing(string name, string method, string path, string contentType, byte[] body)
    {
        var client = factory.CreateClient();
        var before = await StateAsync(client);

        using var response = await client.SendAsync(Request(method, path, contentType, body));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)response.StatusCode, (int)JsonNode.Parse(text)!["status"]!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(before, await StateAsync(client));
    }

    [Fact]
    public void TheTable_HoldsAtLeastFortyRequests() => Assert.True(Requests().Count >= 40);

    // Everything a request could have changed, as the API reports it.
    private static async Task<string> StateAsync(HttpClient client) => string.Join('\n', await Task.WhenAll(
        client.GetStringAsync("/api/ensembles"), client.GetStringAsync("/api/studies"), client.GetStringAsync("/api/training/jobs"),
        client.GetStringAsync("/api/training/searches"), client.GetStringAsync("/api/models")));

    private static HttpRequestMessage Request(string method, string path, string contentType, byte[] body)
    {
        HttpContent content;
        if (contentType == "multipart")
        {
            // A model upload's file field is "model"; a picture's is "file".
            content = path.EndsWith("/models", StringComparison.Ordinal)
                ? new MultipartFormDataContent { { new ByteArrayContent(body), "model", "upload.onnx" } }
                : path == "/api/tasks"
                    ? new MultipartFormDataContent { { new ByteArrayContent(body), "task", "upload.zip" } }
                    : new MultipartFormDataContent { { new ByteArrayContent(body), "file", "upload.png" } };
        }
        else if (contentType.StartsWith("binary:", StringComparison.Ordinal))
        {
            content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            var length = contentType["binary:".Length..];
            var binary = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
            binary.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", length == "header" ? HeaderLength(body).ToString(System.Globalization.CultureInfo.InvariantCulture) : length);
            return binary;
        }
        else
        {
            content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        return method == "GET" ? new HttpRequestMessage(HttpMethod.Get, path) : new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Body(object value) => Utf8(System.Text.Json.JsonSerializer.Serialize(value, ApiClient.Json));

    private static byte[] Oip(int inputs, string datatype, int[] shape, float[] data) =>
        Body(new { id = "hostile", inputs = Enumerable.Range(0, inputs).Select(i => new { name = i == 0 ? "input" : $"input{i}", shape, datatype, data }) });

    // A binary-extension body: the JSON header claiming `claimed` bytes for the input, then `sent` bytes of pixels.
    private static byte[] Binary(long claimed, int sent, float first = 0f)
    {
        var header = Body(new { inputs = new[] { new { name = "input", shape = new[] { 1, 784 }, datatype = "FP32", parameters = new { binary_data_size = claimed } } } });
        var pixels = new byte[sent];
        if (sent >= 4)
        {
            BinaryPrimitives.WriteSingleLittleEndian(pixels, first);
        }

        return [.. header, .. pixels];
    }

    // The JSON header's length: up to the brace that closes its one object (no string in these headers holds a brace).
    private static int HeaderLength(byte[] body)
    {
        var depth = 0;
        for (var i = 0; i < body.Length; i++)
        {
            depth += body[i] switch { (byte)'{' => 1, (byte)'}' => -1, _ => 0 };
            if (depth == 0)
            {
                return i + 1;
            }
        }

        return body.Length;
    }

    private static float[] Pixels(float first)
    {
        var pixels = new float[784];
        pixels[0] = first;
        return pixels;
    }

    // A valid small PNG whose header claims 100,000 × 100,000 pixels (with the header's checksum fixed up).
    private static byte[] Enormous()
    {
        var png = SmallPng.ToArray();
        const int ihdrData = 16; // 8-byte signature, 4-byte length, "IHDR"
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(ihdrData), 100_000);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(ihdrData + 4), 100_000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(ihdrData + 13), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] ClimbingZip()
    {
        using var buffer = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("../../outside.txt").Open();
            entry.Write("escaped"u8);
        }

        return buffer.ToArray();
    }

    // The first half of a real model: a protobuf cut mid-field.
    private static byte[] HalfModel()
    {
        var model = File.ReadAllBytes(Path.Combine(RepositoryPaths.ModelsRepository, "digits", "digits-mlp.onnx"));
        return model[..(model.Length / 2)];
    }
}
