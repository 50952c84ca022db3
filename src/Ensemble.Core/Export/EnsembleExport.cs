using System.Security.Cryptography;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Models;
using Google.Protobuf;

namespace Ensemble.Core.Export;

/// <summary>
/// Writes a stored version as one portable ONNX file (see <see cref="EnsembleOnnxExporter"/>), from the member files
/// it pinned: a member that is gone, failed or whose file changed since the version was saved is refused.
/// </summary>
public sealed class EnsembleExport(ModelRegistry registry)
{
    public byte[] Export(EnsembleSpec spec)
    {
        var task = registry.FindTask(spec.Task)?.Definition
            ?? throw new RefusalException(RefusalKind.Unavailable, $"Ensemble '{spec.Name}' belongs to task '{spec.Task}', which is not in the model repository now.");
        var members = new List<(Adapters.ModelAdapter, byte[])>(spec.Members.Count);
        foreach (var member in spec.Members)
        {
            if (registry.Find(member.Model) is not { IsLoaded: true, Adapter: { } adapter } model)
            {
                throw new RefusalException(RefusalKind.Unavailable, $"Member '{member.Model}' of ensemble '{spec.Name}' is not loaded.");
            }

            var file = File.ReadAllBytes(model.Path);
            if (Convert.ToHexStringLower(SHA256.HashData(file)) != member.Sha256)
            {
                throw new RefusalException(RefusalKind.Conflict,
                    $"The file of member '{member.Model}' changed since version {spec.Version} of '{spec.Name}' was saved; save a new version to export it.");
            }

            members.Add((adapter, file));
        }

        return EnsembleOnnxExporter.Export(spec, task, members).ToByteArray();
    }
}
