namespace Ensemble.Tasks.Data;

/// <summary>The dataset files are not where they were looked for; the message says how to get them.</summary>
public sealed class DatasetNotFoundException(string message) : Exception(message);
