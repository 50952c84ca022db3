namespace Ensemble.Web.Endpoints.Predict;

/// <summary>What the OpenAPI document says of each route of <see cref="PredictImageApi"/>, by operation id.</summary>
internal static class PredictImageApiTexts
{
    public const string PredictImage =
        """
        Multipart upload (field `file`) of a PNG or JPEG of any size, for an image task's ensemble (`ensemble`, or
        `task` for its default one: the `defaultEnsemble` of its task.json, else its uniform one; the default task's
        without either). It is turned into the task's input as its task.json says: its channels (BT.601 luma for one,
        RGB for three, with alpha where it has four), scaled to its height and width by its `fit` (pad keeps the
        aspect ratio and centres the picture on the background, stretch ignores it, crop fills and cuts the centre),
        pixels in [0, 1]. For a picture on the other ground than the task's `background` (a dark object on white for a
        dark-ground task) set `invert=true`. Limits: `Images:MaxBytes` and `Images:MaxPixels`.
        """;
}
