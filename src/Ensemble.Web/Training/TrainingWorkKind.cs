namespace Ensemble.Web.Training;

public enum TrainingWorkKind
{
    Job,
    Search,
}
