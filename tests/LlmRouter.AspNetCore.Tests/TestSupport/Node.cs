using System.Diagnostics;

namespace LlmRouter.AspNetCore.Tests.TestSupport;

/// <summary>
/// Runs the Node.js scripts of tests/node (the official openai package, playwright-core). They need <c>npm ci --prefix tests/node</c>,
/// which .ci/run does: in CI (CI=true) a missing install fails the test; elsewhere the test is skipped, saying what to run.
/// </summary>
internal static class Node
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Finds tests/node with its packages installed, or skips (fails in CI) saying why.</summary>
    public static string RequireScripts(params string[] packages)
    {
        var folder = FindFolder();
        var missing = folder is null
            ? "tests/node was not found above " + AppContext.BaseDirectory
            : packages.FirstOrDefault(p => !Directory.Exists(Path.Combine(folder, "node_modules", p))) is { } package
                ? $"the npm package '{package}' is not installed: run `npm ci --prefix tests/node`"
                : FindExecutable("node") is null ? "node is not on PATH" : null;
        if (missing is not null)
        {
            Assert.False(InCi, "CI=true, so this test must run: " + missing);
            Skip.If(true, missing);
        }

        return folder!;
    }

    /// <summary>Runs a script with environment variables; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string folder, string script, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("node", script)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within {timeout}: {await output}{await error}");
        }

        return (process.ExitCode, (await output) + (await error));
    }

    public static string? FindExecutable(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static string? FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "node");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        return null;
    }
}
