using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Ensemble.Web.Tests.Components.Pages;

/// <summary>
/// bUnit with MudBlazor and the app's real services (registry, SQLite store, cached probabilities) taken from a
/// started app, so the pages render real data.
/// </summary>
public abstract class PageTestContext : BunitContext, IAsyncLifetime
{
    protected PageTestContext(EnsembleAppFactory app)
    {
        _ = app.CreateClient();
        App = app;
        Services.AddMudServices();
        Type[] shared =
        [
            typeof(Core.Models.ModelRegistry), typeof(Core.Ensembling.EnsembleStore), typeof(Core.Tuning.EnsembleEvaluator), typeof(Core.Tuning.StudyService),
            typeof(RunEngine), typeof(Core.Tuning.MemberProbabilityCache), typeof(Core.Ensembling.EnsemblePredictor), typeof(Core.Models.MemberScores),
            typeof(Core.Images.ImagePreprocessor), typeof(Core.Images.ImageLimits), typeof(Core.Jobs.TrainingJobService), typeof(Core.Searches.SearchService),
            typeof(Core.Models.ModelUploads), typeof(Core.Tasks.TaskUploads), typeof(Microsoft.Extensions.Configuration.IConfiguration),
            typeof(Core.Calibration.AbstainThresholds),
        ];
        foreach (var type in shared)
        {
            Services.AddSingleton(type, app.Services.GetRequiredService(type));
        }

        Services.AddSingleton(app.Services.GetRequiredService<Web.Security.AdminKey>());
        Services.AddScoped<Web.Security.DashboardAccess>();
        Services.AddScoped<Web.Components.DashboardAction>();
        Authorization = AddAuthorization();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected EnsembleAppFactory App { get; }

    /// <summary>The signed-in user: anonymous unless a test says otherwise.</summary>
    protected Bunit.TestDoubles.BunitAuthorizationContext Authorization { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services only dispose asynchronously.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
