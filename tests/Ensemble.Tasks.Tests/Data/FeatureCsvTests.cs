using Ensemble.Tasks.Data;

namespace Ensemble.Tasks.Tests.Data;

public sealed class FeatureCsvTests : IDisposable
{
    private static readonly string[] Wines = ["class_0", "class_1", "class_2"];
    private readonly string _directory = Directory.CreateTempSubdirectory("csv-tests").FullName;

    [Fact]
    public void LabelsByName_InTheLastColumn_ReadInFileOrder()
    {
        var path = Write("alcohol,malic_acid,ash,label", "14.23,1.71,2.43,class_0", "12.37,.94,1.36,class_1", "13.2,1.78,2.14,class_2");

        var (features, names, labels) = FeatureCsv.Read(path, Wines);

        Assert.Equal(["alcohol", "malic_acid", "ash"], names);
        Assert.Equal([14.23f, 1.71f, 2.43f, 12.37f, 0.94f, 1.36f, 13.2f, 1.78f, 2.14f], features);
        Assert.Equal([0, 1, 2], labels);
    }

    [Fact]
    public void LabelsByIndex_AnywhereInTheRow_WithQuotesAndSpaces()
    {
        var path = Write("Label,a,b", "2, \"1.5\",-3e-2", "0,7,8");

        var (features, names, labels) = FeatureCsv.Read(path, Wines);

        Assert.Equal(["a", "b"], names);
        Assert.Equal([1.5f, -0.03f, 7f, 8f], features);
        Assert.Equal([2, 0], labels);
    }

    [Fact]
    public void ClassesNamedLikeNumbers_AreMatchedByName()
    {
        var path = Write("x,label", "1,3", "2,1");

        var (_, _, labels) = FeatureCsv.Read(path, ["1", "2", "3"]);

        Assert.Equal([2, 0], labels);
    }

    [Fact]
    public void ARaggedRow_NamesTheFile()
    {
        var path = Write("a,b,label", "1,2,class_0", "3,class_1");

        var error = Assert.Throws<InvalidDataException>(() => FeatureCsv.Read(path, Wines));

        Assert.StartsWith("split.csv", error.Message);
    }

    [Theory]
    [InlineData("abc", "line 3, column 'b': 'abc' is not a finite number")]
    [InlineData("NaN", "'NaN' is not a finite number")]
    [InlineData("", "column 'b': '' is not a finite number")]
    public void AValueThatIsNotANumber_NamesTheLineAndColumn(string value, string reason)
    {
        var path = Write("a,b,label", "1,2,class_0", $"3,{value},class_1");

        var error = Assert.Throws<InvalidDataException>(() => FeatureCsv.Read(path, Wines));

        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("class_9")]
    [InlineData("3")]
    [InlineData("-1")]
    public void AnUnknownClass_IsRefused(string label)
    {
        var path = Write("a,label", $"1,{label}");

        var error = Assert.Throws<InvalidDataException>(() => FeatureCsv.Read(path, Wines));

        Assert.Contains($"the label '{label}' is neither one of the 3 class names nor an index below 3", error.Message);
    }

    [Fact]
    public void NoLabelColumn_ListsTheHeader()
    {
        var path = Write("a,b,target", "1,2,0");

        var error = Assert.Throws<InvalidDataException>(() => FeatureCsv.Read(path, Wines));

        Assert.Contains("no 'label' column; its header is: a, b, target", error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_directory, "split.csv");
        File.WriteAllLines(path, lines);
        return path;
    }
}
