using System.Globalization;
using Ensemble.Training.Tasks;

namespace Ensemble.Web.OpenInference;

/// <summary>
/// Which outputs a request gets and what they hold. Every model has one output, "probabilities"; asked for with
/// "classification": K it becomes the K most probable classes of each sample as "value:index:label" strings, highest
/// first (Triton's classification extension), labelled with the task's class names.
/// </summary>
internal static class OipOutputs
{
    /// <summary>Checks what was asked for; no outputs named means every output, as FP32.</summary>
    public static IReadOnlyList<OipOutputRequest> Check(IReadOnlyList<OipOutputRequest> requested, TaskDefinition task, bool binaryByDefault)
    {
        if (requested.Count == 0)
        {
            return [new OipOutputRequest(OipProtocol.Output, 0, binaryByDefault)];
        }

        foreach (var output in requested)
        {
            if (output.Name != OipProtocol.Output)
            {
                throw Invalid($"Unknown output '{output.Name}'; this model has one output, \"{OipProtocol.Output}\".");
            }

            if (output.Classification < 0 || output.Classification > task.Classes.Count)
            {
                throw Invalid($"classification asks for the top {output.Classification} classes; task '{task.Name}' has {task.Classes.Count}, so ask for 1 to {task.Classes.Count}.");
            }
        }

        return requested.Count > 1 ? throw Invalid($"Output \"{OipProtocol.Output}\" is asked for {requested.Count} times; ask once.") : requested;
    }

    /// <summary>The tensors of an answer: <paramref name="probabilities"/> is count × the task's classes, row-major.</summary>
    public static IReadOnlyList<OipOutput> Build(IReadOnlyList<OipOutputRequest> requested, float[] probabilities, int count, TaskDefinition task) =>
        [.. requested.Select(r => r.Classification == 0
            ? new OipOutput(r.Name, OipProtocol.Fp32, [count, task.Classes.Count], probabilities, null, r.Binary)
            : new OipOutput(r.Name, OipProtocol.Bytes, [count, r.Classification], null, Classify(probabilities, count, task.Classes, r.Classification), r.Binary))];

    /// <summary>The top <paramref name="top"/> classes of each row, highest first, ties to the lower index.</summary>
    public static string[] Classify(ReadOnlySpan<float> probabilities, int count, IReadOnlyList<string> labels, int top)
    {
        var classes = labels.Count;
        var result = new string[count * top];
        for (var row = 0; row < count; row++)
        {
            var values = probabilities.Slice(row * classes, classes).ToArray();
            // A stable sort by descending value keeps equal values in class order.
            var k = 0;
            foreach (var c in Enumerable.Range(0, classes).OrderByDescending(c => values[c]).Take(top))
            {
                result[(row * top) + k++] = string.Create(CultureInfo.InvariantCulture, $"{values[c]:F6}:{c}:{labels[c]}");
            }
        }

        return result;
    }

    private static RefusalException Invalid(string message) => new(RefusalKind.Invalid, message, "outputs");
}
