using System.Globalization;
using nietras.SeparatedValues;

namespace Ensemble.Tasks.Data;

/// <summary>
/// A features split as CSV: a header row, one numeric column per feature, and a <c>label</c> column holding each
/// row's class by name or by index (in any position). Read with Sep, which also refuses ragged rows. Every other
/// problem (a value that is not a number, an unknown class) names the line and the column.
/// </summary>
public static class FeatureCsv
{
    public const string LabelColumn = "label";

    /// <summary>Rows in file order: features row-major (count × names), and class indices into <paramref name="classes"/>.</summary>
    public static (float[] Features, IReadOnlyList<string> Names, int[] Labels) Read(string path, IReadOnlyList<string> classes)
    {
        var file = Path.GetFileName(path);
        try
        {
            using var reader = Sep.Reader(o => o with { Unescape = true, Trim = SepTrim.All, CultureInfo = CultureInfo.InvariantCulture }).FromFile(path);
            var header = reader.Header.ColNames;
            var label = IndexOf(header, LabelColumn);
            if (label < 0)
            {
                throw new InvalidDataException($"{file} has no '{LabelColumn}' column; its header is: {string.Join(", ", header)}.");
            }

            string[] names = [.. header.Where((_, i) => i != label)];
            var byName = classes.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);
            var features = new List<float>();
            var labels = new List<int>();
            foreach (var row in reader)
            {
                for (var c = 0; c < header.Count; c++)
                {
                    if (c == label)
                    {
                        labels.Add(ClassOf(row[c].ToString(), byName, classes.Count, file, row.LineNumberFrom));
                    }
                    else if (float.TryParse(row[c].Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value))
                    {
                        features.Add(value);
                    }
                    else
                    {
                        throw new InvalidDataException($"{file}, line {row.LineNumberFrom}, column '{header[c]}': '{row[c].ToString()}' is not a finite number.");
                    }
                }
            }

            return ([.. features], names, [.. labels]);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(file, StringComparison.Ordinal))
        {
            // Sep's own findings (a ragged row, an unclosed quote) say where but not which file.
            throw new InvalidDataException($"{file}: {e.Message}", e);
        }
    }

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    // A class name first, so classes named "1", "2", "3" keep their names' meaning; an index otherwise.
    private static int ClassOf(string value, Dictionary<string, int> byName, int classes, string file, int line) =>
        byName.TryGetValue(value, out var index) ? index
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index < classes ? index
        : throw new InvalidDataException($"{file}, line {line}: the label '{value}' is neither one of the {classes} class names nor an index below {classes}.");
}
