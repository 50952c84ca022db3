namespace Ensemble.Tasks;

/// <summary>What a task's raw input is: an image (C×H×W floats in [0, 1], channels first) or a feature vector.</summary>
public enum TaskKind
{
    Image,
    Features,
}
