global using Ensemble.Core.Refusals;
global using Ensemble.Core.Runs;
