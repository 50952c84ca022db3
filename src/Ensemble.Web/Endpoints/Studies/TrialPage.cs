namespace Ensemble.Web.Endpoints.Studies;

/// <summary>One page of a study's trials (fold, number, weights, fit and held-out scores) and the total count.</summary>
public sealed record TrialPage(int Page, int PageSize, int Total, IReadOnlyList<StudyTrialResponse> Trials);
