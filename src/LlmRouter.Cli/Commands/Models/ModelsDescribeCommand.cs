using System.CommandLine;
using LlmRouter.Cli.Output;
using Spectre.Console;

namespace LlmRouter.Cli.Commands.Models;

/// <summary><c>llmrouter models describe &lt;model&gt;</c>: one model by key, id or alias; an unknown name fails with close matches.</summary>
internal static class ModelsDescribeCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="globals">The global options.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context, CliGlobalOptions globals)
    {
        var name = new Argument<string>("model") { Description = "A model key (openai/gpt-4o-mini), id (gpt-4o-mini) or alias (fast)." };
        var command = new Command("describe", "Describe one model: limits, prices, capabilities, aliases.") { name };
        command.SetHandler(context, globals, invocation =>
        {
            var model = invocation.Catalog.Resolve(invocation.ParseResult.GetRequiredValue(name));
            if (invocation.Json)
            {
                invocation.WriteJson(writer => ModelJson.Write(writer, model));
            }
            else
            {
                Render(invocation.Console, model);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, ModelDescriptor m)
    {
        var rows = new List<(string, string)>
        {
            ("Key", m.Key),
            ("Provider", m.Provider),
            ("Id", m.Id),
            ("Tier", m.Tier.ToString()),
            ("Context window", Format.Tokens(m.ContextWindow) + " tokens"),
            ("Max output", Format.Tokens(m.MaxOutputTokens) + " tokens"),
            ("Input", Format.PerMillion(m.Pricing.InputPerMillion) + " per 1M tokens"),
            ("Output", Format.PerMillion(m.Pricing.OutputPerMillion) + " per 1M tokens"),
        };
        if (m.Pricing.CachedInputPerMillion is { } cached)
        {
            rows.Add(("Cached input", Format.PerMillion(cached) + " per 1M tokens"));
        }

        if (m.Pricing.CacheWritePerMillion is { } write)
        {
            rows.Add(("Cache write", Format.PerMillion(write) + " per 1M tokens"));
        }

        rows.Add(("Capabilities", string.Join(", ", Format.CapabilityNames(m.Capabilities).DefaultIfEmpty("none"))));
        rows.Add(("Aliases", m.Aliases.Count == 0 ? "none" : string.Join(", ", m.Aliases)));
        console.Write(Cells.Grid(rows));
    }
}
