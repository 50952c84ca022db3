namespace Ensemble.Web.Endpoints.Predict;

public sealed record TopClass(int Label, string ClassName, float Probability);
