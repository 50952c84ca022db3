using Ensemble.Core.Models;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ensemble.Web.Health;

/// <summary>Ready when at least one model serves; degraded when some model failed to load.</summary>
internal sealed class ModelsHealthCheck(ModelRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var loaded = registry.Models.Count(m => m.IsLoaded);
        var failed = registry.Models.Where(m => !m.IsLoaded).Select(m => $"{m.Name}: {m.Error}").ToList();
        var data = new Dictionary<string, object> { ["loaded"] = loaded, ["failed"] = failed, ["provider"] = registry.Provider };
        var result = loaded == 0 ? HealthCheckResult.Unhealthy("No model is loaded.", data: data)
            : failed.Count > 0 ? HealthCheckResult.Degraded($"{failed.Count} model(s) failed to load.", data: data)
            : HealthCheckResult.Healthy($"{loaded} model(s) loaded on {registry.Provider}.", data);
        return Task.FromResult(result);
    }
}
