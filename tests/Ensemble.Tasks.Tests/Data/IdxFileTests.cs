using Ensemble.Tasks.Data;

namespace Ensemble.Tasks.Tests.Data;

public sealed class IdxFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("idx-tests").FullName;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WriteThenRead_RoundTripsDimensionsAndBytes(bool gzip)
    {
        var path = Path.Combine(_directory, "images.idx");
        var data = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 7)).ToArray();

        IdxFile.Write(path, [2, 3, 4], data, gzip);
        var (dimensions, read) = IdxFile.Read(path);

        Assert.Equal([2, 3, 4], dimensions);
        Assert.Equal(data, read);
    }

    [Fact]
    public void Read_TruncatedFile_SaysItIsTruncated()
    {
        var path = Path.Combine(_directory, "short.idx");
        IdxFile.Write(path, [10, 28, 28], new byte[10 * 28 * 28], gzip: false);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);

        var error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));

        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Read_NotAnIdxFile_IsRejected()
    {
        var path = Path.Combine(_directory, "text.idx");
        File.WriteAllText(path, "hello, world");

        Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
    }

    [Fact]
    public void Load_MissingDataset_NamesTheDebianPackage()
    {
        var error = Assert.Throws<DatasetNotFoundException>(() => FashionMnist.Load(_directory));

        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message);
    }

    [Fact]
    public void CommittedEvaluationData_HasTheValidationAndTestSplits()
    {
        var (validation, test) = FashionMnist.LoadEvaluation(RepositoryPaths.EvaluationData);

        Assert.Equal(5_000, validation.Count);
        Assert.Equal(10_000, test.Count);
        Assert.Equal(FashionMnist.ClassNames, Ensemble.Tasks.TaskDefinition.Read(RepositoryPaths.ModelsDirectory).Classes);
        // Every class is present in both splits.
        Assert.Equal(10, validation.Labels.Distinct().Count());
        Assert.Equal(10, test.Labels.Distinct().Count());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
