using Ensemble.Core.Models;

namespace Ensemble.Web.Hosting;

/// <summary>
/// Gives a task that appears in the repository while the app runs (a folder copied in, an uploaded task) its
/// uniform ensemble and the ensembles committed in its folder, as every task present at start-up has them: after
/// each reload of the registry, which is also when a committed ensemble's missing member may have arrived.
/// </summary>
internal sealed class TaskEnsembles(ModelRegistry registry, EnsembleSeeder seeder, ILogger<TaskEnsembles> logger) : ReloadFollower(registry, logger)
{
    protected override string Pass => "Creating the tasks' missing ensembles";

    protected override Task RunPassAsync(CancellationToken cancellation) => seeder.EnsureTaskEnsemblesAsync(cancellation);
}
