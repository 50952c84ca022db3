namespace Ensemble.Web.Components.Charts;

/// <summary>One dot of a <see cref="ScatterPlot"/>: where it goes, its colour, whether it is drawn hollow, and its tooltip.</summary>
public sealed record ScatterPoint(double X, double Y, string Color, bool Hollow, string Title);
