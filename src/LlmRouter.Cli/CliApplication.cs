using System.CommandLine;
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
    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="context">The run's context.</param>
    /// <param name="cancellationToken">Cancels the command (tests; Ctrl+C is handled as well).</param>
    /// <returns>The exit code: 0 success, 1 runtime failure, 2 usage error.</returns>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = CreateRootCommand(context);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await context.Error.WriteLineAsync($"error: {error.Message}");
            }

            await context.Error.WriteLineAsync($"Run '{CommandPath(parseResult)} --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            var invocation = new InvocationConfiguration
            {
                Output = context.Output,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
            };
            return await parseResult.InvokeAsync(invocation, cancellationToken);
        }
        catch (CliUsageException ex)
        {
            await context.Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (CliFailureException ex)
        {
            await context.Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (LlmException ex)
        {
            await WriteAsync(context.Error, ex);
            return ExitCodes.Failure;
        }
        catch (OptionsValidationException ex)
        {
            await context.Error.WriteLineAsync($"error: the configuration is invalid: {string.Join(" ", ex.Failures)}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("cancelled");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex)
        {
            // Anything else (a store that cannot be opened, a provider SDK's own error): its message, no stack trace.
            await context.Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Builds the command tree.</summary>
    /// <param name="context">The run's context.</param>
    /// <returns>The root command.</returns>
    public static RootCommand CreateRootCommand(CliContext context)
    {
        var globals = new CliGlobalOptions();
        var root = new RootCommand("llmrouter: the LlmRouter catalog, providers, chat, model comparison, route explanations and usage from a terminal.")
        {
            globals.Json,
            globals.Config,
        };
        root.Subcommands.Add(ModelsCommand.Create(context, globals));
        root.Subcommands.Add(ProvidersCommand.Create(context, globals));
        root.Subcommands.Add(ChatCommand.Create(context, globals));
        root.Subcommands.Add(CompareCommand.Create(context, globals));
        root.Subcommands.Add(RouteCommand.Create(context, globals));
        root.Subcommands.Add(UsageCommand.Create(context, globals));
        root.Subcommands.Add(ConfigCommand.Create(context, globals));
        return root;
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "llmrouter" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    private static async Task WriteAsync(TextWriter error, LlmException ex)
    {
        await error.WriteLineAsync($"error: {ex.Message}");
        if (ex is AllRoutesFailedException failed)
        {
            foreach (var attempt in failed.Attempts)
            {
                await error.WriteLineAsync($"  {attempt.Provider}/{attempt.Model}: {attempt.Error?.ToString() ?? "ok"} {attempt.ErrorMessage}".TrimEnd());
            }
        }
    }
}
