using System.IO.Compression;
using System.Text;
using Ensemble.Tasks.Data;

namespace Ensemble.Tasks.Tests.Data;

/// <summary>
/// The fixtures were written by numpy (Fixtures/make_npz.py) with values from formulas these tests recompute:
/// pixel = (31n + 11c + 7h + 3w) mod 256, feature = n/2 − f/4.
/// </summary>
public sealed class NpzArchiveTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("npz-tests").FullName;

    [Fact]
    public void UInt8Images_NHW_ReadAsNumpyWroteThem()
    {
        var arrays = NpzArchive.Read(NpzFixtures.Path("images_nhw.npz"));

        var x = arrays["x"];
        Assert.Equal(NpyType.UInt8, x.Type);
        Assert.Equal([5, 4, 3], x.Shape);
        var expected = new List<byte>();
        for (var n = 0; n < 5; n++)
        {
            for (var h = 0; h < 4; h++)
            {
                for (var w = 0; w < 3; w++)
                {
                    expected.Add(NpzFixtures.Pixel(n, 0, h, w));
                }
            }
        }

        Assert.Equal(expected, x.Data);
        Assert.Equal(NpyType.Int64, arrays["y"].Type);
        Assert.Equal([0, 1, 2, 0, 1], arrays["y"].ToInt32s("y"));
    }

    [Fact]
    public void UInt8Images_NHWC_FromACompressedArchive_KeepChannelsLast()
    {
        var arrays = NpzArchive.Read(NpzFixtures.Path("images_nhwc.npz"));

        var x = arrays["x"];
        Assert.Equal([4, 3, 2, 3], x.Shape);
        var i = 0;
        for (var n = 0; n < 4; n++)
        {
            for (var h = 0; h < 3; h++)
            {
                for (var w = 0; w < 2; w++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        Assert.Equal(NpzFixtures.Pixel(n, c, h, w), x.Data[i++]);
                    }
                }
            }
        }

        Assert.Equal(NpyType.Int32, arrays["y"].Type);
        Assert.Equal([0, 1, 0, 1], arrays["y"].ToInt32s("y"));
    }

    [Fact]
    public void Float32Images_NCHW_AreExactFloats()
    {
        var arrays = NpzArchive.Read(NpzFixtures.Path("images_nchw_float.npz"));

        var x = arrays["x"];
        Assert.Equal(NpyType.Float32, x.Type);
        Assert.Equal([3, 2, 4, 5], x.Shape);
        var values = x.ToSingles();
        var i = 0;
        for (var n = 0; n < 3; n++)
        {
            for (var c = 0; c < 2; c++)
            {
                for (var h = 0; h < 4; h++)
                {
                    for (var w = 0; w < 5; w++)
                    {
                        // numpy divided in float64 and then rounded to float32, as this does.
                        Assert.Equal((float)(NpzFixtures.Pixel(n, c, h, w) / 255.0), values[i++]);
                    }
                }
            }
        }

        Assert.Equal(NpyType.UInt8, arrays["y"].Type);
        Assert.Equal([0, 1, 0], arrays["y"].ToInt32s("y"));
    }

    [Fact]
    public void Float64Features_AreRoundedToFloats()
    {
        var arrays = NpzArchive.Read(NpzFixtures.Path("features.npz"));

        var x = arrays["x"];
        Assert.Equal(NpyType.Float64, x.Type);
        Assert.Equal([6, 4], x.Shape);
        var values = x.ToSingles();
        for (var n = 0; n < 6; n++)
        {
            for (var f = 0; f < 4; f++)
            {
                Assert.Equal((float)(n / 2.0 - f / 4.0), values[n * 4 + f]);
            }
        }
    }

    [Fact]
    public void AShapeLargerThanTheData_IsTruncated_WithBothSizes()
    {
        var path = Archive(("x.npy", Npy("|u1", "(5, 4, 3)", new byte[50])));

        var error = Assert.Throws<InvalidDataException>(() => NpzArchive.Read(path));

        Assert.Contains("truncated", error.Message);
        Assert.Contains("(5, 4, 3)", error.Message);
        Assert.Contains("60", error.Message);
        Assert.Contains("50", error.Message);
    }

    [Fact]
    public void AShapeSmallerThanTheData_IsRefused()
    {
        var path = Archive(("x.npy", Npy("<f4", "(2, 3)", new byte[4 * 7])));

        var error = Assert.Throws<InvalidDataException>(() => NpzArchive.Read(path));

        Assert.Contains("more data than its shape (2, 3)", error.Message);
    }

    [Fact]
    public void AHugeDeclaredShape_IsRefusedBeforeAnythingIsAllocated()
    {
        var path = Archive(("x.npy", Npy("<f8", "(100000, 100000, 100000)", [])));

        var error = Assert.Throws<InvalidDataException>(() => NpzArchive.Read(path));

        Assert.Contains("x.npy", error.Message);
    }

    [Fact]
    public void AZipBomb_IsRefusedByItsDeclaredSize()
    {
        // 64 MiB of zeros deflate to about 64 KiB.
        var path = Path.Combine(_directory, "bomb.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var stream = zip.CreateEntry("x.npy", CompressionLevel.Optimal).Open();
            stream.Write(Npy("|u1", "(67108864,)", []));
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                stream.Write(zeros);
            }
        }

        var error = Assert.Throws<InvalidDataException>(() => NpzArchive.Read(path, maxBytes: 1 << 20));

        Assert.True(new FileInfo(path).Length < 1 << 20);
        Assert.Contains("more than the 1,048,576", error.Message);
    }

    [Theory]
    [InlineData("|O", "(2,)", "'|O' elements")]
    [InlineData(">f4", "(2,)", "big-endian")]
    [InlineData("<f4", "(2, -1)", "'-1'")]
    public void UnreadableElementTypesAndShapes_SayWhy(string descr, string shape, string reason)
    {
        var path = Archive(("x.npy", Npy(descr, shape, new byte[8])));

        var error = Assert.Throws<InvalidDataException>(() => NpzArchive.Read(path));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void FortranOrder_SaysHowToSaveInCOrder()
    {
        var path = Archive(("x.npy", Npy("<f4", "(2, 2)", new byte[16], fortran: true)));

        var error = Assert.Throws<InvalidDataException>(() => NpzArchive.Read(path));

        Assert.Contains("np.ascontiguousarray", error.Message);
    }

    [Fact]
    public void NotAnArchive_OrNotAnArray_IsRefused()
    {
        var text = Path.Combine(_directory, "text.npz");
        File.WriteAllText(text, "hello, world");
        var noMagic = Archive(("x.npy", Encoding.ASCII.GetBytes("not numpy at all")));

        Assert.Contains("not an .npz archive", Assert.Throws<InvalidDataException>(() => NpzArchive.Read(text)).Message);
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => NpzArchive.Read(noMagic)).Message);
    }

    [Fact]
    public void FloatLabels_AreNotClassIndices()
    {
        var arrays = NpzArchive.Read(NpzFixtures.Path("features.npz"));

        var error = Assert.Throws<InvalidDataException>(() => arrays["x"].ToInt32s("x in features.npz"));

        Assert.Contains("must be integers", error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A version-1 .npy file as numpy lays it out.</summary>
    private static byte[] Npy(string descr, string shape, byte[] data, bool fortran = false)
    {
        var header = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        header = header.PadRight((header.Length + 10 + 64) / 64 * 64 - 10) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange([1, 0, (byte)(header.Length & 0xFF), (byte)(header.Length >> 8)]);
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }

    private string Archive(params (string Name, byte[] Bytes)[] entries)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.npz");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(bytes);
        }

        return path;
    }
}
