using System.Globalization;
using Ensemble.Core.Ensembling;
using Ensemble.Tasks;

namespace Ensemble.Web.OpenInference;

/// <summary>
/// Which outputs a request gets and what they hold. Every model answers "probabilities"; asked for with
/// "classification": K it becomes the K most probable classes of each sample as "value:index:label" strings, highest
/// first (Triton's classification extension), labelled with the task's class names. Named, the uncertainty outputs
/// come too: "entropy", "mutual_information" and "agreement" per sample, and "abstain" (the version's threshold).
/// </summary>
internal static class OipOutputs
{
    /// <summary>Checks what was asked for; no outputs named means the probabilities, as FP32.</summary>
    public static IReadOnlyList<OipOutputRequest> Check(IReadOnlyList<OipOutputRequest> requested, TaskDefinition task, bool binaryByDefault)
    {
        if (requested.Count == 0)
        {
            return [new OipOutputRequest(OipProtocol.Output, 0, binaryByDefault)];
        }

        foreach (var output in requested)
        {
            if (output.Name != OipProtocol.Output && !OipProtocol.ExtraOutputs.ContainsKey(output.Name))
            {
                throw Invalid($"Unknown output '{output.Name}'; the outputs are \"{OipProtocol.Output}\", {string.Join(", ", OipProtocol.ExtraOutputs.Keys.Select(k => $"\"{k}\""))}.");
            }

            if (output.Classification != 0 && output.Name != OipProtocol.Output)
            {
                throw Invalid($"classification applies to \"{OipProtocol.Output}\", not to \"{output.Name}\".");
            }

            if (output.Classification < 0 || output.Classification > task.Classes.Count)
            {
                throw Invalid($"classification asks for the top {output.Classification} classes; task '{task.Name}' has {task.Classes.Count}, so ask for 1 to {task.Classes.Count}.");
            }
        }

        var repeated = requested.GroupBy(o => o.Name).FirstOrDefault(g => g.Count() > 1);
        return repeated is not null ? throw Invalid($"Output \"{repeated.Key}\" is asked for {repeated.Count()} times; ask once.") : requested;
    }

    /// <summary>The tensors of an answer to <paramref name="count"/> samples.</summary>
    public static IReadOnlyList<OipOutput> Build(IReadOnlyList<OipOutputRequest> requested, EnsemblePrediction prediction, int count, TaskDefinition task) =>
        [.. requested.Select(r => r.Name switch
        {
            OipProtocol.Entropy => PerSample(r, [.. prediction.Uncertainty.Select(u => (float)u.Entropy)]),
            OipProtocol.MutualInformation => PerSample(r, [.. prediction.Uncertainty.Select(u => (float)u.MutualInformation)]),
            OipProtocol.Agreement => PerSample(r, [.. prediction.Uncertainty.Select(u => (float)u.Agreement)]),
            OipProtocol.Abstain => new OipOutput(r.Name, OipProtocol.Bool, [count], null, null, r.Binary) { Bools = [.. prediction.Abstain] },
            _ when r.Classification == 0 => new OipOutput(r.Name, OipProtocol.Fp32, [count, task.Classes.Count], prediction.Probabilities, null, r.Binary),
            _ => new OipOutput(r.Name, OipProtocol.Bytes, [count, r.Classification], null, Classify(prediction.Probabilities, count, task.Classes, r.Classification), r.Binary),
        })];

    private static OipOutput PerSample(OipOutputRequest request, float[] values) =>
        new(request.Name, OipProtocol.Fp32, [values.Length], values, null, request.Binary);

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
