namespace Ensemble.Core.Ensembling;

public enum EnsembleMethod
{
    /// <summary>Every member counts the same.</summary>
    Average,

    /// <summary>Members count by their stored weights.</summary>
    WeightedAverage,
}
