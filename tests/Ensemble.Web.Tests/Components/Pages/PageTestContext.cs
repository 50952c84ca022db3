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
            typeof(Core.Models.ModelRegistry), typeof(Core.Versions.EnsembleStore), typeof(Core.Scoring.EnsembleEvaluator), typeof(Core.Studies.StudyService),
            typeof(RunEngine), typeof(Core.Scoring.MemberProbabilityCache), typeof(Core.Ensembling.EnsemblePredictor), typeof(Core.Scoring.MemberScores), typeof(Core.Models.MemberTimings),
            typeof(Core.Images.ImagePreprocessor), typeof(Core.Images.ImageLimits), typeof(Core.TrainingJobs.TrainingJobService), typeof(Core.Searches.SearchService),
            typeof(Core.Models.Publishing.ModelUploads), typeof(Core.Models.Publishing.TaskUploads), typeof(Microsoft.Extensions.Configuration.IConfiguration),
            typeof(Core.Versions.AbstainThresholds),
        ];
        foreach (var type in shared)
        {
            Services.AddSingleton(type, app.Services.GetRequiredService(type));
        }

        Services.AddSingleton(app.Services.GetRequiredService<Web.Security.AdminKey>());
        Services.AddScoped<Web.Security.DashboardAccess>();
        Services.AddScoped<Web.Components.Shared.DashboardAction>();
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
