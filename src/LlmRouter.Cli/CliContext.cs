using LlmRouter.Cli.Hosting;

namespace LlmRouter.Cli;

/// <summary>What a run of <c>llmrouter</c> works with: its standard streams, environment, working directory, clock and providers.</summary>
/// <remarks>The process passes its own (<see cref="FromProcess"/>); tests pass writers, a fixed environment and fake providers.</remarks>
internal sealed class CliContext : IAsyncDisposable
{
    private readonly Lazy<TextWriter> _error;
    private readonly Lazy<TextReader> _input;

    /// <summary>Initializes a new instance of the <see cref="CliContext"/> class.</summary>
    /// <param name="output">Standard output: tables for people, or the one JSON document of <c>--json</c>.</param>
    /// <param name="error">Standard error: errors, warnings and notes; opened on first use.</param>
    /// <param name="input">Standard input, read by the interactive <c>chat</c>; opened on first use (on Unix that reads the terminal's settings).</param>
    /// <param name="environment">The environment variables (a snapshot).</param>
    /// <param name="workingDirectory">Where <c>appsettings.json</c> and relative paths are looked up.</param>
    /// <param name="providers">Where the providers come from.</param>
    /// <param name="console">How tables and progress are drawn.</param>
    /// <param name="time">The clock for deadlines and latencies.</param>
    public CliContext(
        TextWriter output,
        Func<TextWriter> error,
        Func<TextReader> input,
        IReadOnlyDictionary<string, string> environment,
        string workingDirectory,
        IProviderSource providers,
        ConsoleSettings console,
        TimeProvider time)
    {
        Output = output;
        _error = new Lazy<TextWriter>(error);
        _input = new Lazy<TextReader>(input);
        Environment = environment;
        WorkingDirectory = workingDirectory;
        Providers = providers;
        Console = console;
        Time = time;
    }

    /// <summary>Gets standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Gets standard error.</summary>
    public TextWriter Error => _error.Value;

    /// <summary>Gets standard input.</summary>
    public TextReader Input => _input.Value;

    /// <summary>Gets the environment variables, names compared ignoring case.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Gets the working directory.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Gets where the providers come from.</summary>
    public IProviderSource Providers { get; }

    /// <summary>Gets how tables and progress are drawn.</summary>
    public ConsoleSettings Console { get; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Creates the context of this process: its console, environment, working directory and the provider packages.</summary>
    /// <returns>The context.</returns>
    public static CliContext FromProcess()
    {
        var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                variables[name] = value;
            }
        }

        return new CliContext(
            System.Console.Out,
            static () => System.Console.Error,
            static () => System.Console.In,
            variables,
            Directory.GetCurrentDirectory(),
            new PackageProviderSource(),
            ConsoleSettings.Detect(System.Console.IsOutputRedirected, System.Console.IsInputRedirected, variables.GetValueOrDefault("COLUMNS")),
            TimeProvider.System);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Providers is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
