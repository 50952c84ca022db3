using System.Diagnostics;

namespace Ensemble.Testing;

/// <summary>The ONNX project's own validator (Debian's python3-onnx), run on a file: the judge of "standard ONNX".</summary>
public static class OnnxChecker
{
    private const string Python = "/usr/bin/python3";

    /// <summary>The checker's complaint about <paramref name="path"/>, or "" when the model is valid.</summary>
    public static string Check(string path)
    {
        Prerequisite.Require(File.Exists(Python) && Run("import onnx").Length == 0,
            "onnx.checker needs Debian's python3-onnx: apt-get install -y python3-onnx");
        return Run("import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)", path);
    }

    private static string Run(string code, params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? "" : error.Result.Trim() is { Length: > 0 } message ? message : $"exit code {process.ExitCode}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    }
}
