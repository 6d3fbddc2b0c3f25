using LlmRouter.Testing;

namespace LlmRouter.Cli.Tests.TestSupport;

/// <summary>
/// Runs <c>llmrouter</c> in-process the way the tool runs, against fakes: its own working directory (deleted afterwards), a fixed
/// environment, the providers the test gives, standard input from a string, plain 200-column output.
/// </summary>
internal sealed class CliHarness : IDisposable
{
    private readonly List<ILlmProvider> _providers = [];

    public CliHarness()
    {
        WorkingDirectory = Directory.CreateTempSubdirectory("llmrouter-cli-tests-").FullName;
    }

    /// <summary>Gets the working directory the CLI runs in (where appsettings.json is looked for).</summary>
    public string WorkingDirectory { get; }

    /// <summary>Gets the environment variables the CLI sees.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the clock the CLI (and the router it builds) runs on.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets standard input.</summary>
    public string Input { get; set; } = string.Empty;

    /// <summary>Gets or sets a value indicating whether output is drawn as for a terminal (live progress; needs <see cref="Ansi"/>).</summary>
    public bool Interactive { get; set; }

    /// <summary>Gets or sets a value indicating whether output may hold ANSI escape codes (colours, cursor movement).</summary>
    public bool Ansi { get; set; }

    /// <summary>Adds a provider.</summary>
    public T Add<T>(T provider)
        where T : ILlmProvider
    {
        _providers.Add(provider);
        return provider;
    }

    /// <summary>Adds a configured fake provider.</summary>
    public FakeLlmProvider AddFake(string name, bool isLocal = false, TimeProvider? time = null) => Add(new FakeLlmProvider(name, isLocal, time));

    /// <summary>Adds an unconfigured fake provider.</summary>
    public FakeLlmProvider AddUnconfigured(string name, string reason) =>
        Add(new FakeLlmProvider(name) { IsConfigured = false, NotConfiguredReason = reason });

    /// <summary>Writes appsettings.json in the working directory.</summary>
    public void WriteAppSettings(string json) => File.WriteAllText(Path.Combine(WorkingDirectory, "appsettings.json"), json);

    /// <summary>Gets a path in the working directory.</summary>
    public string PathOf(string name) => Path.Combine(WorkingDirectory, name);

    public async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, CancellationToken.None);

    public async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        await using var context = new CliContext(
            output,
            () => error,
            () => new StringReader(Input),
            new Dictionary<string, string>(Environment, StringComparer.OrdinalIgnoreCase),
            WorkingDirectory,
            new FixedProviderSource([.. _providers]),
            new ConsoleSettings(Ansi: Ansi, Interactive: Interactive, InputIsTerminal: false, Width: 200),
            Time);
        var exitCode = await CliApplication.RunAsync(args, context, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file still held by a finishing background writer; the temp folder is cleaned up by the OS.
        }
    }
}
