namespace Ensemble.Core.Models;

public enum ModelStatus
{
    Loaded,
    Failed,
}
