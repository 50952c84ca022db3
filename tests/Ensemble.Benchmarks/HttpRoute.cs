using System.Runtime.InteropServices;
using System.Text.Json;

namespace Ensemble.Benchmarks;

/// <summary>
/// One way of asking the app for a batch-1 prediction over HTTP: the path, the headers and a body per image, built
/// once so that the load generator only sends bytes.
/// </summary>
internal sealed record HttpRoute(string Name, string Path, string ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[][] Bodies)
{
    public const string Ensemble = "fashion-mnist-uniform";

    /// <summary>The app's own REST route, <c>POST /api/predict</c>, JSON.</summary>
    public static HttpRoute Predict(float[][] images) =>
        new("REST /api/predict JSON", "api/predict", "application/json", [],
            [.. images.Select(p => JsonSerializer.SerializeToUtf8Bytes(new { instances = new[] { new { pixels = p } } }))]);

    /// <summary>The Open Inference Protocol's REST infer with the input as JSON numbers.</summary>
    public static HttpRoute OipJson(float[][] images) =>
        new("OIP REST JSON", $"v2/models/{Ensemble}/infer", "application/json", [],
            [.. images.Select(p => JsonSerializer.SerializeToUtf8Bytes(new { inputs = new[] { new { name = "input", shape = new[] { 1, p.Length }, datatype = "FP32", data = p } } }))]);

    /// <summary>
    /// Triton's binary tensor extension as tritonclient sends it by default: a JSON header, the input's raw
    /// little-endian floats after it, and the output asked for as binary too.
    /// </summary>
    public static HttpRoute OipBinary(float[][] images)
    {
        var size = images[0].Length;
        var header = JsonSerializer.SerializeToUtf8Bytes(new
        {
            inputs = new[] { new { name = "input", shape = new[] { 1, size }, datatype = "FP32", parameters = new { binary_data_size = size * sizeof(float) } } },
            outputs = new[] { new { name = "probabilities", parameters = new { binary_data = true } } },
        });
        return new("OIP REST binary", $"v2/models/{Ensemble}/infer", "application/octet-stream",
            [new("Inference-Header-Content-Length", header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            [.. images.Select(p => (byte[])[.. header, .. MemoryMarshal.AsBytes(p.AsSpan())])]);
    }

    public override string ToString() => $"{Name} ({Path}, {Bodies[0].Length:N0} bytes)";
}
