using Ensemble.Web.Endpoints.Runs;

namespace Ensemble.Web.Endpoints.Studies;

/// <summary>What the OpenAPI document says of each studies route, by operation id.</summary>
internal static class StudiesApiTexts
{
    public const string CreateStudy =
        """
        Queues a study on the members of `ensemble` (without it, the uniform ensemble of `task`, or of the default
        task): RandomSearch (Dirichlet(α) weights, `budget` trials), Greedy (Caruana's ensemble selection with
        replacement, `budget` iterations) or LogLossOptimum (EM to the exact log-loss minimum). The validation split
        is cut into `folds` folds (or one `holdoutFraction`): weights are fitted on the fit part and scored on the
        held-out part; the refitted weights are scored on the test split, which no strategy fits on. Runs on the
        tuning lane, one study at a time; follow it with GET /api/studies/{id} or the event stream GET
        /api/runs/events?kind=Study&id={id}.
        """;

    public const string ListStudies =
        """
        Settings, status, progress and results of every study, for comparing strategies side by side.
        """;

    public const string GetStudy =
        """
        While running: trials done, expected, trials/s and ETA. When completed: the weights, held-out and test
        accuracy and log-loss, next to uniform averaging and the best single model. A study that was running when the
        process stopped shows as Interrupted, with its finished trials kept.
        """;

    public const string ListStudyTrials =
        """
        Trials ordered by fold and number, each with its weights, fit score and held-out score. `page` counts from 0;
        `pageSize` up to 1,000.
        """;

    public const string CancelStudy =
        """
        The trials finished so far are kept. 409 when the study is not queued or running.
        """;

    public const string ApplyStudy =
        """
        Saves the weights as a new active version of the study's ensemble with the study as provenance; with
        `?point=i`, the weights of point i (from 0, cheapest first) of the study's `pareto` front instead, with the
        members' temperatures but not the mixture's, which was fitted to the study's own pick. 400 for a point the
        front does not have; 409 when the study is not completed or a member's file changed since it ran.
        """;

    /// <summary>The routes every run shares; a study does not resume.</summary>
    public static readonly RunRouteTexts Runs = new(
        "Study",
        "Studies",
        List: new("List the studies, newest first", ListStudies),
        Get: new("One study with its live progress and results", GetStudy),
        Cancel: new("Stop a queued or running study", CancelStudy));
}
