using System.CommandLine;
using LlmRouter.Cli.Output;
using Spectre.Console;

namespace LlmRouter.Cli.Commands.Models;

/// <summary><c>llmrouter models list [--provider p] [--tier t]</c>: the catalog, as a table or a JSON array.</summary>
internal static class ModelsListCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="globals">The global options.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context, CliGlobalOptions globals)
    {
        var provider = new Option<string?>("--provider", "-p") { Description = "Only this provider's models (openai, anthropic, …).", HelpName = "name" };
        var tier = TierOption.Create("--tier", "Only models of this tier.");
        var command = new Command("list", "List the catalog's models with their limits, prices, capabilities and aliases.") { provider, tier };
        command.SetHandler(context, globals, (invocation, _) =>
        {
            var models = Filter(invocation.Catalog, invocation.ParseResult.GetValue(provider), invocation.ParseResult.GetValue(tier));
            if (invocation.Json)
            {
                invocation.WriteJson(writer =>
                {
                    writer.WriteStartArray();
                    foreach (var model in models)
                    {
                        ModelJson.Write(writer, model);
                    }

                    writer.WriteEndArray();
                });
            }
            else
            {
                Render(invocation.Console, models);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static IReadOnlyList<ModelDescriptor> Filter(ModelCatalog catalog, string? provider, ModelTier? tier)
    {
        IEnumerable<ModelDescriptor> models = catalog.Models;
        if (!string.IsNullOrWhiteSpace(provider))
        {
            var name = provider.Trim();
            var providers = catalog.Models.Select(m => m.Provider).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray();
            if (!providers.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new CliFailureException($"No provider '{name}' in the catalog. Known providers: {string.Join(", ", providers)}.");
            }

            models = models.Where(m => string.Equals(m.Provider, name, StringComparison.OrdinalIgnoreCase));
        }

        if (tier is { } t)
        {
            models = models.Where(m => m.Tier == t);
        }

        return [.. models];
    }

    private static void Render(IAnsiConsole console, IReadOnlyList<ModelDescriptor> models)
    {
        var table = Cells.Table("Model", "Tier", "Context>", "Max out>", "In $/M>", "Out $/M>", "Capabilities", "Aliases");
        for (var i = 0; i < 6; i++)
        {
            table.Columns[i].NoWrap();
        }

        foreach (var m in models)
        {
            table.AddRow(
                Cells.Plain(m.Key),
                Cells.Plain(m.Tier.ToString()),
                Cells.Plain(Format.Tokens(m.ContextWindow)),
                Cells.Plain(Format.Tokens(m.MaxOutputTokens)),
                Cells.Plain(Format.PerMillion(m.Pricing.InputPerMillion)),
                Cells.Plain(Format.PerMillion(m.Pricing.OutputPerMillion)),
                Cells.Plain(Format.ShortCapabilities(m.Capabilities)),
                Cells.Plain(string.Join(", ", m.Aliases)));
        }

        console.Write(table);
        Cells.Line(console, $"{models.Count} model(s). Prices in USD per million tokens.", Cells.Dim);
    }
}
