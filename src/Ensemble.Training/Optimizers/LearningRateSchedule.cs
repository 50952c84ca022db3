namespace Ensemble.Training.Optimizers;

/// <summary>Constant, or cosine decay to zero after an optional linear warm-up, evaluated per step.</summary>
public sealed record LearningRateSchedule(float BaseRate, bool Cosine, int WarmupSteps, int TotalSteps)
{
    public float At(long step)
    {
        if (step < WarmupSteps)
        {
            return BaseRate * (step + 1) / WarmupSteps;
        }

        if (!Cosine || TotalSteps <= WarmupSteps)
        {
            return BaseRate;
        }

        var progress = Math.Min(1.0, (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps));
        return (float)(BaseRate * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
