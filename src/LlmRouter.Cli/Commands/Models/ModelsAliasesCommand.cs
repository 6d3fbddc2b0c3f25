using System.CommandLine;
using LlmRouter.Cli.Output;
using Spectre.Console;

namespace LlmRouter.Cli.Commands.Models;

/// <summary><c>llmrouter models aliases</c>: every alias and the model it names.</summary>
internal static class ModelsAliasesCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="globals">The global options.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context, CliGlobalOptions globals)
    {
        var command = new Command("aliases", "List every alias and the model it names (configured aliases included).");
        command.SetHandler(context, globals, invocation =>
        {
            var aliases = invocation.Catalog.Models
                .SelectMany(m => m.Aliases.Select(a => (Alias: a, m.Key)))
                .OrderBy(p => p.Alias, StringComparer.OrdinalIgnoreCase)
                .ToArray();
            if (invocation.Json)
            {
                invocation.WriteJson(writer =>
                {
                    writer.WriteStartObject();
                    foreach (var (alias, key) in aliases)
                    {
                        writer.WriteString(alias, key);
                    }

                    writer.WriteEndObject();
                });
            }
            else
            {
                var table = Cells.Table("Alias", "Model");
                foreach (var (alias, key) in aliases)
                {
                    table.AddRow(Cells.Plain(alias), Cells.Plain(key));
                }

                invocation.Console.Write(table);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
