using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Ensemble.Web.OpenInference;

/// <summary>
/// One output tensor of an answer, ready for any protocol: FP32 values (probabilities [N,K], an uncertainty [N]),
/// BYTES strings (classification [N,top]) or BOOL flags (abstain [N]). <see cref="RawBytes"/> is the protocols' raw
/// form: FP32 little-endian, BOOL one byte each, and each BYTES element a 4-byte little-endian length followed by
/// its UTF-8 bytes.
/// </summary>
internal sealed record OipOutput(string Name, string Datatype, long[] Shape, float[]? Floats, string[]? Strings, bool Binary)
{
    public bool[]? Bools { get; init; }

    /// <summary>The elements, whichever type they are, for a JSON answer.</summary>
    public object Data => (object?)Floats ?? (object?)Strings ?? Bools!;

    public byte[] RawBytes()
    {
        if (Bools is not null)
        {
            return [.. Bools.Select(b => b ? (byte)1 : (byte)0)];
        }

        if (Floats is not null)
        {
            var bytes = new byte[Floats.Length * sizeof(float)];
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.AsBytes(Floats.AsSpan()).CopyTo(bytes);
            }
            else
            {
                for (var i = 0; i < Floats.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), Floats[i]);
                }
            }

            return bytes;
        }

        var encoded = Strings!.Select(Encoding.UTF8.GetBytes).ToArray();
        var raw = new byte[encoded.Sum(e => sizeof(int) + e.Length)];
        var offset = 0;
        foreach (var element in encoded)
        {
            BinaryPrimitives.WriteInt32LittleEndian(raw.AsSpan(offset), element.Length);
            element.CopyTo(raw.AsSpan(offset + sizeof(int)));
            offset += sizeof(int) + element.Length;
        }

        return raw;
    }
}
