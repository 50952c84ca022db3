using Ensemble.Core.Runs;
using Ensemble.Core.Runs.Engine;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ensemble.Web.Endpoints.Runs;

/// <summary>The handlers behind <see cref="RunRoutes"/> for one kind of run, with how that kind shows a run.</summary>
/// <param name="path">The group's path, for the Location of an accepted cancel or resume.</param>
/// <param name="item">A run as the list shows it, with its live progress.</param>
/// <param name="detail">A run as GET /{id} shows it.</param>
internal sealed class RunRouteHandlers<TService, TRecord, TProgress, TResponse>(
    string path,
    Func<TRecord, TProgress?, TResponse> item,
    Func<TService, TRecord, CancellationToken, Task<TResponse>> detail)
    where TService : RunService<TRecord, TProgress>
    where TRecord : class, IRunRecord
    where TProgress : class
{
    public async Task<Ok<TResponse[]>> List(TService runs, CancellationToken cancellation) =>
        TypedResults.Ok((await runs.ListAsync(cancellation)).Select(run => item(run, runs.Progress(run.Id))).ToArray());

    public async Task<Results<Ok<TResponse>, ProblemHttpResult>> Get(int id, TService runs, CancellationToken cancellation) =>
        await runs.GetAsync(id, cancellation) is { } run ? TypedResults.Ok(await detail(runs, run, cancellation)) : RunRoutes.NotFound(runs, id);

    public async Task<Accepted> Cancel(int id, TService runs, CancellationToken cancellation)
    {
        await runs.CancelAsync(id, cancellation);
        return TypedResults.Accepted($"{path}/{id}");
    }

    public async Task<Accepted> Resume(int id, TService runs, CancellationToken cancellation)
    {
        await runs.ResumeAsync(id, cancellation);
        return TypedResults.Accepted($"{path}/{id}");
    }
}
