using System.Text.Json;

namespace LlmRouter.Cli.Tests.TestSupport;

/// <summary>What one in-process run of <c>llmrouter</c> did.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Parses standard output as the one JSON document <c>--json</c> promises (fails the test if it is anything else).</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Output);
        return document.RootElement.Clone();
    }

    /// <summary>Gets standard output without ANSI escape codes (colours, cursor movement).</summary>
    public string PlainOutput => System.Text.RegularExpressions.Regex.Replace(Output, @"\x1b\[[0-9;?]*[A-Za-z]", string.Empty);

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}
