using Ensemble.Core.Runs;
using Ensemble.Core.Runs.Engine;
using Ensemble.Web.Components.Shared;
using Ensemble.Web.Components.Tasks;
using Ensemble.Web.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Ensemble.Web.Components.Pages;

/// <summary>
/// A page of background runs (studies, training jobs, searches) of the dashboard's task: the history, one run
/// followed in detail (the latest at first), and both read again whenever the engine reports a change to a run of
/// the page's kinds.
/// </summary>
/// <typeparam name="TRun">The response record the page shows for one run.</typeparam>
public abstract class RunPage<TRun> : TaskPage, IDisposable
    where TRun : class
{
    private RunUpdates? _updates;

    [Inject]
    protected DashboardAccess Access { get; set; } = null!;

    [Inject]
    protected DashboardAction Action { get; set; } = null!;

    [Inject]
    protected RunEngine Engine { get; set; } = null!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = null!;

    /// <summary>Whether this user may start, cancel or change runs (the buttons are disabled otherwise).</summary>
    protected bool CanChange { get; private set; } = true;

    /// <summary>Every run of the page's kind, newest first.</summary>
    protected IReadOnlyList<TRun> History { get; private set; } = [];

    /// <summary>The run followed in detail.</summary>
    protected TRun? Current { get; private set; }

    /// <summary>The kinds whose changes make the page read again.</summary>
    protected abstract IReadOnlyList<RunKind> Kinds { get; }

    protected abstract Task<IReadOnlyList<TRun>> ListAsync();

    /// <summary>The run as stored now, with its live progress; null if there is none by that id.</summary>
    protected abstract Task<TRun?> GetAsync(int id);

    protected abstract int IdOf(TRun run);

    /// <summary>Derives what the page draws from the current run (charts, tables), after every read.</summary>
    protected virtual Task ShowAsync(TRun current) => Task.CompletedTask;

    protected override async Task OnInitializedAsync()
    {
        CanChange = await Access.CanChangeAsync();
        _updates = new RunUpdates(Engine, [.. Kinds], () => InvokeAsync(async () =>
        {
            await RefreshAsync();
            StateHasChanged();
        }), DispatchExceptionAsync);
    }

    /// <summary>Lists the task's runs and follows the latest; a page that overrides this calls it.</summary>
    protected override async Task OnTaskChangedAsync()
    {
        Current = null;
        History = await ListAsync();
        if (History.FirstOrDefault() is { } latest)
        {
            await SelectAsync(IdOf(latest));
        }
    }

    /// <summary>Follows run <paramref name="id"/> from now on.</summary>
    protected async Task SelectAsync(int id)
    {
        Current = await GetAsync(id);
        await RefreshAsync();
    }

    private async Task RefreshAsync()
    {
        History = await ListAsync();
        if (Current is null)
        {
            return;
        }

        Current = await GetAsync(IdOf(Current)) ?? Current;
        await ShowAsync(Current);
    }

    public void Dispose()
    {
        _updates?.Dispose();
        GC.SuppressFinalize(this);
    }
}
