namespace Ensemble.Core.Ensembling;

/// <summary>An ensemble cannot serve: a member is missing or failed to load.</summary>
public sealed class EnsembleUnavailableException(string message) : Exception(message);
