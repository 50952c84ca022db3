namespace Ensemble.Tasks.Data;

/// <summary>The numpy element types a .npy array may hold here (numeric, any width numpy writes).</summary>
public enum NpyType
{
    Bool,
    UInt8,
    Int8,
    UInt16,
    Int16,
    UInt32,
    Int32,
    UInt64,
    Int64,
    Float16,
    Float32,
    Float64,
}
