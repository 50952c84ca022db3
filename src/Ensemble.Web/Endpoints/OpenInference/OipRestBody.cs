using System.Globalization;
using System.Text.Json;

namespace Ensemble.Web.Endpoints.OpenInference;

/// <summary>
/// An inference request body as Triton's binary data extension lays it out: a JSON header of the length that the
/// Inference-Header-Content-Length header gives, then the raw bytes of every input whose parameters carry
/// binary_data_size, in input order. Without the header the whole body is JSON. The header decides, not the
/// Content-Type.
/// </summary>
internal sealed class OipRestBody
{
    public const string HeaderLength = "Inference-Header-Content-Length";
    public const string BinaryDataSize = "binary_data_size";

    private OipRestBody(OipInferenceRequest request, ReadOnlyMemory<byte> binary)
    {
        Request = request;
        Binary = binary;
    }

    public OipInferenceRequest Request { get; }

    /// <summary>The bytes after the JSON header; empty for a JSON-only body.</summary>
    public ReadOnlyMemory<byte> Binary { get; }

    public bool HasBinary => !Binary.IsEmpty;

    public static async Task<OipRestBody> ReadAsync(HttpRequest request, JsonSerializerOptions json)
    {
        // Not disposed: the binary part stays a slice of this buffer rather than a copy of it.
        var buffer = new MemoryStream(request.ContentLength is { } known and <= int.MaxValue ? (int)known : 4096);
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var length = body.Length;
        if (request.Headers.TryGetValue(HeaderLength, out var header))
        {
            if (!int.TryParse(header.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out length) || length < 1)
            {
                throw Invalid($"{HeaderLength} must be the JSON header's length in bytes, a positive integer; got '{header}'.");
            }

            if (length > body.Length)
            {
                throw Invalid($"{HeaderLength} says the JSON header holds {length} bytes, but the body holds only {body.Length}.");
            }
        }

        if (length == 0)
        {
            throw Invalid("The request body is empty; send an inference request.");
        }

        var parsed = JsonSerializer.Deserialize<OipInferenceRequest>(body.Span[..length], json)
            ?? throw Invalid("The request body is JSON null; send an inference request.");
        return new OipRestBody(parsed, body[length..]);
    }

    /// <summary>
    /// The binary contents of each input, by position: null for an input sent as JSON data. The sizes must use up
    /// the binary part exactly.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>?> InputContents()
    {
        var inputs = Request.Inputs ?? [];
        var contents = new ReadOnlyMemory<byte>?[inputs.Count];
        var offset = 0L;
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Parameters?.TryGetValue(BinaryDataSize, out var size) != true)
            {
                continue;
            }

            if (size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out var bytes) || bytes < 0)
            {
                throw Invalid($"Input '{inputs[i].Name}' has {BinaryDataSize} {size.GetRawText()}; it must be a byte count, an integer of 0 or more.");
            }

            if (inputs[i].Data.ValueKind != JsonValueKind.Undefined)
            {
                throw Invalid($"Input '{inputs[i].Name}' has both {BinaryDataSize} and data; send its values one way.");
            }

            if (offset + bytes > Binary.Length)
            {
                throw Invalid($"Input '{inputs[i].Name}' claims {bytes} bytes of binary data from byte {offset}, but the binary part holds {Binary.Length}.");
            }

            contents[i] = Binary.Slice((int)offset, (int)bytes);
            offset += bytes;
        }

        return offset != Binary.Length
            ? throw Invalid($"The inputs' {BinaryDataSize} add up to {offset} bytes, but {Binary.Length} follow the JSON header.")
            : contents;
    }

    private static RefusalException Invalid(string message) => new(RefusalKind.Invalid, message, "body");
}
