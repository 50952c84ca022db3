namespace Ensemble.Web.OpenInference;

/// <summary>
/// One output a client asked for, whatever the protocol: its name, the top classes it wants instead of every
/// probability (the classification extension; 0 for none), and whether REST should send it as raw bytes.
/// </summary>
internal sealed record OipOutputRequest(string Name, int Classification, bool Binary);
