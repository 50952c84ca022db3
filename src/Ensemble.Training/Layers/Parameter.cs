namespace Ensemble.Training.Layers;

/// <summary>A trainable array with its gradient. Layers overwrite <see cref="Gradient"/> on every backward pass.</summary>
public sealed class Parameter
{
    public Parameter(string name, int[] shape, bool decays)
    {
        Name = name;
        Shape = shape;
        Decays = decays;
        var length = 1;
        foreach (var d in shape)
        {
            length *= d;
        }

        Value = new float[length];
        Gradient = new float[length];
    }

    public string Name { get; }

    public int[] Shape { get; }

    /// <summary>Whether weight decay applies: kernels and dense weights do, biases and batch-norm scales do not.</summary>
    public bool Decays { get; }

    public float[] Value { get; }

    public float[] Gradient { get; }

    public int Length => Value.Length;
}
