using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Ensemble.Web.Components.Charts;

/// <summary>What the SVG charts share: text labels (Razor reserves &lt;text&gt;, so they are written as markup) and coordinates.</summary>
public static class SvgText
{
    public static MarkupString Label(string x, string y, string anchor, string text) =>
        new($"<text x=\"{x}\" y=\"{y}\" font-size=\"11\" text-anchor=\"{anchor}\" fill=\"currentColor\">{System.Net.WebUtility.HtmlEncode(text)}</text>");

    /// <summary>A coordinate as SVG wants it: invariant, one decimal.</summary>
    public static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
}
