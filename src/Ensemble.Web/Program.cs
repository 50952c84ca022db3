using Ensemble.Core.Models;
using Ensemble.Core.Persistence;
using Ensemble.Core.Runs.Engine;
using Ensemble.Web.Components;
using Ensemble.Web.Components.Shared;
using Ensemble.Web.Endpoints.Calibration;
using Ensemble.Web.Endpoints.Ensembles;
using Ensemble.Web.Endpoints.Models;
using Ensemble.Web.Endpoints.OpenInference;
using Ensemble.Web.Endpoints.Predict;
using Ensemble.Web.Endpoints.Runs;
using Ensemble.Web.Endpoints.Samples;
using Ensemble.Web.Endpoints.Studies;
using Ensemble.Web.Endpoints.Tasks;
using Ensemble.Web.Endpoints.Training;
using Ensemble.Web.Health;
using Ensemble.Web.Hosting;
using Ensemble.Web.OpenApi;
using Ensemble.Web.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;
using MudBlazor.Services;
using Prometheus;

var builder = WebApplication.CreateBuilder(args);
// Only Development serves the dashboard's packaged assets (MudBlazor, blazor.web.js) from a build output by default;
// this lets `dotnet run -c Release` and the benchmarks run it as Production. A published app has no such manifest.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddEnsembleCore(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddScoped<DashboardAction>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestBodyLimit.Bytes(builder.Configuration));
builder.Services.AddClientRateLimits(builder.Configuration);
builder.Services.AddOpenInference();
builder.AddGrpcListener();
builder.Services.AddAdminAccess(builder.Configuration);
// On SIGTERM Kestrel stops accepting and finishes the requests in flight; this bounds the wait (Kubernetes allows 30 s).
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("Hosting:ShutdownTimeoutSeconds", 25)));
builder.Services.AddHealthChecks()
    .AddCheck<ModelsHealthCheck>("models", tags: ["ready"])
    .AddDbContextCheck<EnsembleDbContext>("database", tags: ["ready"]);
builder.Services.AddEndpointsApiExplorer();
builder.Services.AddSwaggerGen(o =>
{
    o.SwaggerDoc("v1", new OpenApiInfo
    {
        Title = "Ensemble",
        Version = "v1",
        Description = "Averaged and weighted-averaged predictions of architecturally different classifiers, one ensemble per task of the model repository.",
    });
    o.SupportNonNullableReferenceTypes();
    o.SchemaFilter<RequestExamplesFilter>();
    o.AddSecurityDefinition(ApiKeyAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
    {
        Type = SecuritySchemeType.ApiKey,
        In = ParameterLocation.Header,
        Name = AdminKey.Header,
        Description = "The admin key (Security:AdminApiKey), needed by every request that changes state when one is configured.",
    });
    o.OperationFilter<AdminKeyOperationFilter>();
});

var app = builder.Build();

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseWholeRequestBodies(app.Configuration);
app.UseHttpMetrics(o => o.SetMetricFactory(app.Services.GetRequiredService<MetricsExport>().Factory));
app.UseAntiforgery();
app.MapStaticAssets();
app.UseSwagger();
app.UseSwaggerUI(o => o.DocumentTitle = "Ensemble API");

app.MapTasksApi();
app.MapTaskModelsApi();
app.MapModelsApi();
app.MapEnsemblesApi();
app.MapCalibrationApi();
app.MapPredictApi();
app.MapPredictImageApi();
app.MapSamplesApi();
app.MapStudiesApi();
app.MapTrainingJobsApi();
app.MapSearchesApi();
app.MapRunsApi();
app.MapOpenInferenceApi();
app.MapOipRepositoryApi();
app.MapOpenInferenceGrpc();
app.MapSignIn();
app.MapMetrics("/metrics", app.Services.GetRequiredService<MetricsExport>().Registry);
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

// Load the models and migrate the database now, so start-up reports what serves.
app.Services.GetRequiredService<ModelRegistry>();
await app.Services.GetRequiredService<EnsembleSeeder>().InitializeAsync();
await app.Services.GetRequiredService<RunEngine>().RecoverAsync();

BindingCheck.WarnIfExposed(app);
await app.RunAsync();

/// <summary>The entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
