using Ensemble.Core.Ensembling;
using Ensemble.Core.Images;
using Ensemble.Core.Inference;
using Ensemble.Core.Models;
using Ensemble.Core.Samples;
using Microsoft.Extensions.Options;

namespace Ensemble.Web.Hosting;

/// <summary>Registers the ensemble core: options, the ONNX session factory, the model registry and the predictors.</summary>
public static class EnsembleServices
{
    public static IServiceCollection AddEnsembleCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.Configure<InferenceOptions>(configuration.GetSection(InferenceOptions.Section));
        services.Configure<ModelsOptions>(configuration.GetSection(ModelsOptions.Section));
        services.Configure<ImageLimits>(configuration.GetSection(ImageLimits.Section));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<InferenceOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ImageLimits>>().Value);
        services.AddSingleton<OnnxSessionFactory>();
        services.AddSingleton(sp => new ModelRegistry(
            PathResolver.Resolve(sp.GetRequiredService<IOptions<ModelsOptions>>().Value.Directory, contentRoot),
            sp.GetRequiredService<OnnxSessionFactory>(),
            sp.GetRequiredService<ILogger<ModelRegistry>>()));
        services.AddSingleton(sp => new SampleStore(
            PathResolver.Resolve(sp.GetRequiredService<IOptions<ModelsOptions>>().Value.DataDirectory, contentRoot)));
        services.AddSingleton<EnsembleCatalog>();
        services.AddSingleton<EnsemblePredictor>();
        services.AddSingleton<ImagePreprocessor>();
        return services;
    }
}
