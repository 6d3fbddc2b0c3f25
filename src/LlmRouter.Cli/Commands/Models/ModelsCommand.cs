using System.CommandLine;

namespace LlmRouter.Cli.Commands.Models;

/// <summary><c>llmrouter models</c>: the catalog's models (<c>list</c>, <c>describe</c>, <c>aliases</c>).</summary>
internal static class ModelsCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "models";

    /// <summary>What the command does, for help.</summary>
    public const string Description = "The catalog's models: list them, describe one, show the aliases.";

    /// <summary>Creates the command.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="globals">The global options.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context, CliGlobalOptions globals)
    {
        var command = new Command(Name, Description);
        command.Subcommands.Add(ModelsListCommand.Create(context, globals));
        command.Subcommands.Add(ModelsDescribeCommand.Create(context, globals));
        command.Subcommands.Add(ModelsAliasesCommand.Create(context, globals));
        return command;
    }
}
