namespace Ensemble.Core.Searches.Analysis;

/// <summary>One trial in the optimization history: its score (validation accuracy at the last epoch it trained), those epochs, and the best score so far.</summary>
public sealed record HistoryPoint(int Trial, int Epochs, double Score, double BestSoFar);
