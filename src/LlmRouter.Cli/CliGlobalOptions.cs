using System.CommandLine;

namespace LlmRouter.Cli;

/// <summary>The options every command takes: <c>--json</c> and <c>--config FILE</c>.</summary>
internal sealed class CliGlobalOptions
{
    /// <summary>Gets <c>--json</c>: print one JSON document on standard output and nothing else.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON document on standard output and nothing else (for scripts).",
        Recursive = true,
    };

    /// <summary>Gets <c>--config FILE</c>: the JSON configuration file to read instead of ./appsettings.json.</summary>
    public Option<string?> Config { get; } = new("--config")
    {
        Description = "The JSON configuration file to read instead of ./appsettings.json.",
        HelpName = "FILE",
        Recursive = true,
    };
}
