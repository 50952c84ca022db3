namespace Ensemble.Tasks;

/// <summary>The ground the task's images show their objects on; a picture on the other one is inverted.</summary>
public enum ImageBackground
{
    Dark,
    Light,
}
