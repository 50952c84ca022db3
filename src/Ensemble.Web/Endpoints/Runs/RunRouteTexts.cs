namespace Ensemble.Web.Endpoints.Runs;

/// <summary>
/// How a kind of run names its shared routes: <c>Singular</c> and <c>Plural</c> make the operation ids (GetStudy,
/// ListStudies); a kind without <c>Resume</c> text gets no resume route.
/// </summary>
public sealed record RunRouteTexts(string Singular, string Plural, RouteText List, RouteText Get, RouteText Cancel, RouteText? Resume = null);
