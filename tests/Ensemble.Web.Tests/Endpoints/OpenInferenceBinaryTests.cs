using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ensemble.Web.Endpoints.Samples;

namespace Ensemble.Web.Tests.Endpoints;

/// <summary>
/// Triton's binary data extension on REST, with bodies built byte by byte as the extension specifies: the JSON
/// header, Inference-Header-Content-Length, binary_data_size, little-endian FP32. Every answer equals the JSON one
/// to the last bit.
/// </summary>
public sealed class OpenInferenceBinaryTests(EnsembleAppFactory factory) : IClassFixture<EnsembleAppFactory>
{
    private const string Infer = "/v2/models/fashion-mnist-uniform/infer";
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("application/octet-stream")]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task BinaryInputs_JsonOutputs_WhateverTheContentType(string? contentType)
    {
        var (pixels, count) = await SamplesAsync(2);
        var expected = await JsonAnswerAsync(pixels, count);
        var header = Header(new { id = "in-only", inputs = new[] { BinaryInput(count, pixels.Length * 4) } });

        using var response = await _client.SendAsync(Binary(header, LittleEndian(pixels), contentType));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Inference-Header-Content-Length"));
        Assert.Equal("in-only", (string?)body["id"]);
        Assert.Equal(Bits(expected), Bits([.. body["outputs"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<float>())]));
    }

    [Fact]
    public async Task JsonInputs_BinaryOutputs()
    {
        var (pixels, count) = await SamplesAsync(3);
        var expected = await JsonAnswerAsync(pixels, count);

        using var response = await _client.PostAsJsonAsync(Infer, new
        {
            inputs = new[] { new { name = "input", shape = new[] { count, 784 }, datatype = "FP32", data = pixels } },
            outputs = new[] { new { name = "probabilities", parameters = new { binary_data = true } } },
        });
        var (json, binary) = await SplitAsync(response);

        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var output = json["outputs"]![0]!;
        Assert.Null(output["data"]);
        Assert.Equal(count * 10 * 4, (int)output["parameters"]!["binary_data_size"]!);
        Assert.Equal(Bits(expected), Bits(FromLittleEndian(binary)));
    }

    [Fact]
    public async Task BinaryBothWays_ByTheRequestsBinaryDataOutput()
    {
        var (pixels, count) = await SamplesAsync(4);
        var expected = await JsonAnswerAsync(pixels, count);
        var header = Header(new { parameters = new { binary_data_output = true }, inputs = new[] { BinaryInput(count, pixels.Length * 4) } });

        using var response = await _client.SendAsync(Binary(header, LittleEndian(pixels), "application/octet-stream"));
        var (json, binary) = await SplitAsync(response);

        Assert.Equal([count, 10], json["outputs"]![0]!["shape"]!.AsArray().Select(d => (int)d!));
        Assert.Equal(Bits(expected), Bits(FromLittleEndian(binary)));
    }

    [Fact]
    public async Task Classification_InJsonAndAsBinaryBytes_NamesTheTopClasses()
    {
        var (pixels, count) = await SamplesAsync(2);
        var probabilities = await JsonAnswerAsync(pixels, count);
        object Request(bool binary) => new
        {
            inputs = new[] { new { name = "input", shape = new[] { count, 784 }, datatype = "FP32", data = pixels } },
            outputs = new[] { new { name = "probabilities", parameters = new Dictionary<string, object> { ["classification"] = 2, ["binary_data"] = binary } } },
        };

        var json = JsonNode.Parse(await (await _client.PostAsJsonAsync(Infer, Request(false))).Content.ReadAsStringAsync())!["outputs"]![0]!;
        var (header, raw) = await SplitAsync(await _client.PostAsJsonAsync(Infer, Request(true)));

        Assert.Equal("BYTES", (string?)json["datatype"]);
        Assert.Equal([count, 2], json["shape"]!.AsArray().Select(d => (int)d!));
        var labels = json["data"]!.AsArray().Select(v => (string)v!).ToArray();
        for (var row = 0; row < count; row++)
        {
            var best = probabilities.Skip(row * 10).Take(10).Select((p, c) => (p, c)).OrderByDescending(x => x.p).First();
            Assert.Equal($"{best.p.ToString("F6", System.Globalization.CultureInfo.InvariantCulture)}:{best.c}:{CommittedTasks.Fashion.Classes[best.c]}", labels[row * 2]);
        }

        Assert.Equal("BYTES", (string?)header["outputs"]![0]!["datatype"]);
        Assert.Equal(labels, Grpc.GrpcInferenceTests.ReadBytesTensor(raw));
    }

    [Fact]
    public async Task ServerMetadata_ListsTheExtensions()
    {
        var extensions = JsonNode.Parse(await _client.GetStringAsync("/v2"))!["extensions"]!.AsArray().Select(e => (string)e!).ToList();

        Assert.Contains("binary_tensor_data", extensions);
        Assert.Contains("classification", extensions);
    }

    private static object BinaryInput(int count, int bytes) =>
        new { name = "input", shape = new[] { count, 784 }, datatype = "FP32", parameters = new { binary_data_size = bytes } };

    private static byte[] Header(object request) => Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(request, ApiClient.Json));

    private static HttpRequestMessage Binary(byte[] header, byte[] tensors, string? contentType)
    {
        var content = new ByteArrayContent([.. header, .. tensors]);
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, Infer) { Content = content };
        request.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request;
    }

    private static async Task<(JsonNode Json, byte[] Binary)> SplitAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var length = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var body = await response.Content.ReadAsByteArrayAsync();
        return (JsonNode.Parse(body.AsSpan(0, length).ToArray())!, body[length..]);
    }

    private static byte[] LittleEndian(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    private static float[] FromLittleEndian(byte[] bytes) =>
        [.. Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4)))];

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    private async Task<(float[] Pixels, int Count)> SamplesAsync(int count)
    {
        var samples = await _client.GetJson<SampleResponse[]>($"/api/samples?count={count}&offset=11");
        return ([.. samples.SelectMany(s => s.Pixels!)], count);
    }

    private async Task<float[]> JsonAnswerAsync(float[] pixels, int count)
    {
        var response = await _client.PostAsJsonAsync(Infer, new { inputs = new[] { new { name = "input", shape = new[] { count, 784 }, datatype = "FP32", data = pixels } } });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return [.. body["outputs"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<float>())];
    }
}
