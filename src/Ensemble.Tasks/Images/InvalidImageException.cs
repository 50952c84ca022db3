namespace Ensemble.Tasks.Images;

/// <summary>The bytes are not an image this app accepts; the message says why.</summary>
public sealed class InvalidImageException(string message) : Exception(message);
