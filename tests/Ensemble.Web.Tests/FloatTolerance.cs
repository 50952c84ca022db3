namespace Ensemble.Web.Tests;

/// <summary>Compares floats within an absolute tolerance, for Assert.Equal over sequences.</summary>
internal sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

    public int GetHashCode(float obj) => 0;
}
