using System.CommandLine;
using System.Text.Json;
using LlmRouter.Cli.Configuration;
using LlmRouter.Cli.Hosting;
using LlmRouter.Cli.Output;
using Spectre.Console;

namespace LlmRouter.Cli;

/// <summary>One run of one command: its parsed options, and what it may need, made on first use (configuration, catalog, console, router).</summary>
internal sealed class CommandInvocation
{
    private readonly string? _configFile;
    private CliConfiguration? _configuration;
    private ModelCatalog? _catalog;
    private IAnsiConsole? _console;

    /// <summary>Initializes a new instance of the <see cref="CommandInvocation"/> class.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="globals">The global options.</param>
    /// <param name="parseResult">The parsed command line.</param>
    public CommandInvocation(CliContext context, CliGlobalOptions globals, ParseResult parseResult)
    {
        Context = context;
        ParseResult = parseResult;
        Json = parseResult.GetValue(globals.Json);
        _configFile = parseResult.GetValue(globals.Config);
    }

    /// <summary>Gets the run's context.</summary>
    public CliContext Context { get; }

    /// <summary>Gets the parsed command line.</summary>
    public ParseResult ParseResult { get; }

    /// <summary>Gets a value indicating whether <c>--json</c> was given.</summary>
    public bool Json { get; }

    /// <summary>Gets the configuration, read on first use.</summary>
    public CliConfiguration Configuration => _configuration ??= CliConfiguration.Load(_configFile, Context.WorkingDirectory, Context.Environment);

    /// <summary>Gets the catalog, loaded on first use without building the router (and, with no configuration at all, without reading any).</summary>
    public ModelCatalog Catalog => _catalog ??= CliConfiguration.Exists(_configFile, Context.WorkingDirectory, Context.Environment)
        ? CatalogLoader.Load(Configuration)
        : ModelCatalog.Default;

    /// <summary>Gets the console that draws for people, created on first use.</summary>
    public IAnsiConsole Console => _console ??= ConsoleFactory.Create(Context);

    /// <summary>Builds the router this command needs.</summary>
    /// <param name="purpose">What for.</param>
    /// <param name="cancellationToken">Cancels building.</param>
    /// <returns>The session; dispose it.</returns>
    public Task<RouterSession> OpenSessionAsync(SessionPurpose purpose, CancellationToken cancellationToken) =>
        new RouterSessionFactory(Context, Configuration).CreateAsync(purpose, cancellationToken);

    /// <summary>Writes the command's JSON document on standard output.</summary>
    /// <param name="write">Writes the document.</param>
    public void WriteJson(Action<Utf8JsonWriter> write) => JsonOutput.Write(Context.Output, write);

    /// <summary>Tells people something beside the output: on standard output for people, on standard error under <c>--json</c>.</summary>
    /// <param name="text">The note (plain text).</param>
    public void Note(string text)
    {
        if (Json)
        {
            Context.Error.WriteLine(text);
        }
        else
        {
            Cells.Line(Console, text, Cells.Dim);
        }
    }

    /// <summary>Warns on standard error.</summary>
    /// <param name="text">The warning.</param>
    public void Warn(string text) => Context.Error.WriteLine($"warning: {text}");
}
