using System.CommandLine;

namespace LlmRouter.Cli;

/// <summary>Connects a command to the code that runs it.</summary>
internal static class CommandHandlers
{
    /// <summary>Runs <paramref name="run"/> synchronously when the command is invoked, with a <see cref="CommandInvocation"/> of the parse.</summary>
    /// <param name="command">The command.</param>
    /// <param name="context">The run's context.</param>
    /// <param name="globals">The global options.</param>
    /// <param name="run">The command's work; returns the exit code.</param>
    /// <remarks>For commands that only read local data: no thread pool, no signal handling, so the fastest start.</remarks>
    public static void SetHandler(this Command command, CliContext context, CliGlobalOptions globals, Func<CommandInvocation, int> run) =>
        command.SetAction(parseResult => run(new CommandInvocation(context, globals, parseResult)));

    /// <summary>Runs <paramref name="run"/> when the command is invoked, with a <see cref="CommandInvocation"/> of the parse.</summary>
    /// <param name="command">The command.</param>
    /// <param name="context">The run's context.</param>
    /// <param name="globals">The global options.</param>
    /// <param name="run">The command's work; returns the exit code.</param>
    public static void SetHandler(this Command command, CliContext context, CliGlobalOptions globals, Func<CommandInvocation, CancellationToken, Task<int>> run) =>
        command.SetAction((parseResult, cancellationToken) => run(new CommandInvocation(context, globals, parseResult), cancellationToken));
}
