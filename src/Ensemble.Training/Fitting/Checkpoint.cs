using System.Text;
using System.Text.Json;
using Ensemble.Training.Networks;
using Ensemble.Training.Optimizers;

namespace Ensemble.Training.Fitting;

/// <summary>
/// The complete state after an epoch: options, metrics so far, parameters, batch-norm statistics and optimizer
/// moments. Resuming from it continues the run exactly as if it had not stopped.
/// </summary>
public sealed class Checkpoint
{
    private const string Magic = "ENSEMBLE-CHECKPOINT-1";

    public required TrainingOptions Options { get; init; }

    public required int EpochsCompleted { get; init; }

    public required double ElapsedSeconds { get; init; }

    public required IReadOnlyList<EpochMetrics> History { get; init; }

    public static void Save(string path, Checkpoint checkpoint, Network network, Optimizer optimizer)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(JsonSerializer.Serialize(checkpoint.Options, TrainingJson.Options));
            writer.Write(checkpoint.EpochsCompleted);
            writer.Write(checkpoint.ElapsedSeconds);
            writer.Write(JsonSerializer.Serialize(checkpoint.History, TrainingJson.Options));
            writer.Write(optimizer.Steps);
            var arrays = Arrays(network, optimizer);
            writer.Write(arrays.Count);
            foreach (var (name, values) in arrays)
            {
                writer.Write(name);
                writer.Write(values.Length);
                foreach (var v in values)
                {
                    writer.Write(v);
                }
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads only the header (options and progress), to rebuild the network and optimizer before <see cref="Restore"/>.</summary>
    public static Checkpoint ReadHeader(string path)
    {
        using var reader = Open(path);
        return ReadHeader(reader, path);
    }

    public static void Restore(string path, Network network, Optimizer optimizer)
    {
        using var reader = Open(path);
        ReadHeader(reader, path);
        optimizer.Steps = reader.ReadInt64();
        var arrays = Arrays(network, optimizer);
        var count = reader.ReadInt32();
        if (count != arrays.Count)
        {
            throw new InvalidDataException($"{path} holds {count} arrays but this model needs {arrays.Count}.");
        }

        foreach (var (name, values) in arrays)
        {
            var storedName = reader.ReadString();
            var length = reader.ReadInt32();
            if (storedName != name || length != values.Length)
            {
                throw new InvalidDataException($"{path}: expected {name}[{values.Length}] but found {storedName}[{length}].");
            }

            for (var i = 0; i < length; i++)
            {
                values[i] = reader.ReadSingle();
            }
        }
    }

    private static BinaryReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No checkpoint at {path}.", path);
        }

        return new BinaryReader(File.OpenRead(path), Encoding.UTF8);
    }

    private static Checkpoint ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException($"{path} is not an Ensemble checkpoint.");
            }

            var options = JsonSerializer.Deserialize<TrainingOptions>(reader.ReadString(), TrainingJson.Options)!;
            var epochs = reader.ReadInt32();
            var elapsed = reader.ReadDouble();
            var history = JsonSerializer.Deserialize<List<EpochMetrics>>(reader.ReadString(), TrainingJson.Options)!;
            return new Checkpoint { Options = options, EpochsCompleted = epochs, ElapsedSeconds = elapsed, History = history };
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path} is truncated.");
        }
    }

    private static List<(string Name, float[] Values)> Arrays(Network network, Optimizer optimizer)
    {
        var arrays = network.Parameters.Select(p => (p.Name, p.Value)).Concat(network.Buffers).ToList();
        arrays.AddRange(optimizer.State.Select((s, i) => ($"optimizer.{i}", s)));
        return arrays;
    }
}
