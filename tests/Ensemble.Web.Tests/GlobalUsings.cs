global using Ensemble.Core.Runs;
global using Ensemble.Core.Runs.Engine;
