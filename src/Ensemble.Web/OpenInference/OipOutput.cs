using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Ensemble.Web.OpenInference;

/// <summary>
/// One output tensor of an answer, ready for any protocol: FP32 probabilities [N,K] or, for classification, BYTES
/// strings [N,top]. <see cref="RawBytes"/> is the protocols' raw form: FP32 little-endian, and each BYTES element a
/// 4-byte little-endian length followed by its UTF-8 bytes.
/// </summary>
internal sealed record OipOutput(string Name, string Datatype, long[] Shape, float[]? Floats, string[]? Strings, bool Binary)
{
    public byte[] RawBytes()
    {
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
