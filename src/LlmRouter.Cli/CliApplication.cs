using System.CommandLine;
using System.CommandLine.Help;
using LlmRouter.Cli.Commands.Chat;
using LlmRouter.Cli.Commands.Compare;
using LlmRouter.Cli.Commands.Config;
using LlmRouter.Cli.Commands.Models;
using LlmRouter.Cli.Commands.Providers;
using LlmRouter.Cli.Commands.Route;
using LlmRouter.Cli.Commands.Usage;
using Microsoft.Extensions.Options;

namespace LlmRouter.Cli;

/// <summary>The <c>llmrouter</c> command line: its commands, and how failures become exit codes and messages on standard error.</summary>
internal static class CliApplication
{
    /// <summary>The command's name, as installed (<c>ToolCommandName</c>).</summary>
    public const string ToolName = "llmrouter";

    private static readonly (string Name, string Description, Func<CliContext, CliGlobalOptions, Command> Create)[] Commands =
    [
        (ModelsCommand.Name, ModelsCommand.Description, ModelsCommand.Create),
        (ProvidersCommand.Name, ProvidersCommand.Description, ProvidersCommand.Create),
        (ChatCommand.Name, ChatCommand.Description, ChatCommand.Create),
        (CompareCommand.Name, CompareCommand.Description, CompareCommand.Create),
        (RouteCommand.Name, RouteCommand.Description, RouteCommand.Create),
        (UsageCommand.Name, UsageCommand.Description, UsageCommand.Create),
        (ConfigCommand.Name, ConfigCommand.Description, ConfigCommand.Create),
    ];

    /// <summary>Parses and runs a command line: the process's entry. A synchronous command (<c>models</c>, <c>config</c>) runs without
    /// starting the thread pool or signal handling, which would cost more start-up time than the command itself.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="context">The run's context.</param>
    /// <returns>The exit code: 0 success, 1 runtime failure, 2 usage error, 130 interrupted.</returns>
    public static int Run(string[] args, CliContext context)
    {
        if (Parse(args, context) is not { } parseResult)
        {
            return ExitCodes.Usage;
        }

        try
        {
            // Invoke runs an asynchronous command to its end too, with Ctrl+C cancelling its token.
            return parseResult.Invoke(Invocation(context));
        }
        catch (Exception ex)
        {
            return Fail(context.Error, ex);
        }
    }

    /// <summary>Parses and runs a command line asynchronously (tests).</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="context">The run's context.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code: 0 success, 1 runtime failure, 2 usage error, 130 interrupted.</returns>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        if (Parse(args, context) is not { } parseResult)
        {
            return ExitCodes.Usage;
        }

        try
        {
            return await parseResult.InvokeAsync(Invocation(context), cancellationToken);
        }
        catch (Exception ex)
        {
            return Fail(context.Error, ex);
        }
    }

    // Parses; on a usage error writes every problem on standard error and returns null.
    private static ParseResult? Parse(string[] args, CliContext context)
    {
        var parseResult = CreateRootCommand(context, args).Parse(args);
        if (parseResult.Errors.Count == 0)
        {
            return parseResult;
        }

        foreach (var error in parseResult.Errors)
        {
            context.Error.WriteLine($"error: {error.Message}");
        }

        context.Error.WriteLine($"Run '{CommandPath(parseResult)} --help' for usage.");
        return null;
    }

    // Help and --version go to the context's output; failures are reported by Fail, not by System.CommandLine.
    private static InvocationConfiguration Invocation(CliContext context) => new()
    {
        Output = context.Output,
        EnableDefaultExceptionHandler = false,
    };

    // Turns a failure into its message on standard error and its exit code. The exception types are named only here, so their
    // assemblies load only when something failed.
    private static int Fail(TextWriter error, Exception exception)
    {
        switch (exception)
        {
            case CliUsageException usage:
                error.WriteLine($"error: {usage.Message}");
                return ExitCodes.Usage;
            case LlmException llm:
                error.WriteLine($"error: {llm.Message}");
                if (llm is AllRoutesFailedException failed)
                {
                    foreach (var attempt in failed.Attempts)
                    {
                        error.WriteLine($"  {attempt.Provider}/{attempt.Model}: {attempt.Error?.ToString() ?? "ok"} {attempt.ErrorMessage}".TrimEnd());
                    }
                }

                return ExitCodes.Failure;
            case OptionsValidationException invalid:
                error.WriteLine($"error: the configuration is invalid: {string.Join(" ", invalid.Failures)}");
                return ExitCodes.Failure;
            case OperationCanceledException:
                error.WriteLine("cancelled");
                return ExitCodes.Interrupted;
            default:
                // Anything else (a store that cannot be opened, a provider SDK's own error): its message, no stack trace.
                error.WriteLine($"error: {exception.Message}");
                return ExitCodes.Failure;
        }
    }

    /// <summary>Builds the command tree. Only the command named first on the command line is built in full: the others are
    /// names and descriptions for help, so a run does not create the options of commands it will not run.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="args">The arguments; <see langword="null"/> or a first argument that names no command builds every command.</param>
    /// <returns>The root command, named <c>llmrouter</c> (a <see cref="RootCommand"/> would take the executable's name, <c>LlmRouter.Cli</c>, for help).</returns>
    public static Command CreateRootCommand(CliContext context, IReadOnlyList<string>? args = null)
    {
        var globals = new CliGlobalOptions();
        var root = new Command(ToolName, "The LlmRouter catalog, providers, chat, model comparison, route explanations and usage from a terminal.")
        {
            globals.Json,
            globals.Config,
            new HelpOption(),
            new VersionOption(),
        };
        var first = args is { Count: > 0 } ? args[0] : null;
        var known = false;
        foreach (var command in Commands)
        {
            known |= command.Name == first;
        }

        foreach (var (name, description, create) in Commands)
        {
            root.Subcommands.Add(!known || name == first ? create(context, globals) : new Command(name, description));
        }

        return root;
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
