global using Ensemble.Core.Refusals;
