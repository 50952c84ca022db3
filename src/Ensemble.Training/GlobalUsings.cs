// Ensemble.Training.Tensors.Tensor is this library's tensor; only the SIMD primitives are taken from System.Numerics.Tensors.
global using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
