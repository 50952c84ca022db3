namespace Ensemble.Web.Endpoints.Tasks;

/// <summary>What the OpenAPI document says of each route of <see cref="TasksApi"/>, by operation id.</summary>
internal static class TasksApiTexts
{
    public const string ListTasks =
        """
        One entry per task folder: its name, description, kind (image or features), input (C×H×W or the feature count
        and names), classes, how uploaded pictures are prepared, its models and ensembles, its split sizes, and every
        problem found (a bad task.json, an unreadable split), each with its reason. A broken task is listed with its
        problems and never stops the others. `default` marks the task that requests naming none go to.
        """;

    public const string UploadTask =
        """
        Multipart upload: `task`, a zip of a task folder (task.json, data/ with its splits, any .onnx models with
        their sidecars; at the archive's root or under one top-level folder), and optionally `name` (default: the
        zip's file name). It is unpacked into a staging folder and inspected there as the registry would read it:
        task.json, every split, every model through its adapter. Only when all of it is sound is it moved into the
        repository and served, with its uniform ensemble: 201. Otherwise 400 with every reason found, and nothing is
        stored. Refused outright: entries that are absolute or climb out with '..', symbolic links, more than 100,000
        entries, more than `Limits:MaxTaskBytes` (256 MiB) once inflated, counted as it inflates. 409 when the task or
        one of its model names exists.
        """;

    public const string GetTask =
        """
        The same fields as the list, for one task; 404 when no task folder has that name.
        """;
}
