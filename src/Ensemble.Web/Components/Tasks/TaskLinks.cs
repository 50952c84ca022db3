using Ensemble.Core.Models;
using Ensemble.Core.Tasks;
using Microsoft.AspNetCore.WebUtilities;

namespace Ensemble.Web.Components.Tasks;

/// <summary>The dashboard's task lives in the address as <c>?task=</c>: how to read it and how to keep it on links.</summary>
public static class TaskLinks
{
    public const string Query = "task";

    /// <summary>The usable task of that name, else the default task.</summary>
    public static ServedTask? Resolve(ModelRegistry registry, string? name) =>
        (name is null ? null : registry.FindTask(name)) is { IsUsable: true } named ? named : registry.DefaultTask;

    /// <summary>The task an absolute or relative address names, if any.</summary>
    public static string? From(string uri)
    {
        var query = uri.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? uri[at..] : "";
        return QueryHelpers.ParseQuery(query).TryGetValue(Query, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : null;
    }

    public static string WithTask(string path, string? task) =>
        string.IsNullOrEmpty(task) ? path : QueryHelpers.AddQueryString(path, Query, task);
}
