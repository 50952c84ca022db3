global using Ensemble.Core.Refusals;
global using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
