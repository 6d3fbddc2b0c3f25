using System.CommandLine;
using LlmRouter.Cli.Output;

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
        command.SetHandler(context, globals, invocation =>
        {
            var models = Filter(invocation.Catalog, invocation.ParseResult.GetValue(provider), TierOption.Parse(invocation.ParseResult.GetValue(tier)));
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
                Render(invocation.Context, models);
            }

            return ExitCodes.Success;
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

    // A plain table, not Spectre.Console's: this is the command the start-up budget is measured on (see TextTable).
    private static void Render(CliContext context, IReadOnlyList<ModelDescriptor> models)
    {
        var table = new TextTable()
            .AddColumn("Model")
            .AddColumn("Tier")
            .AddColumn("Context", rightAligned: true)
            .AddColumn("Max out", rightAligned: true)
            .AddColumn("In $/M", rightAligned: true)
            .AddColumn("Out $/M", rightAligned: true)
            .AddColumn("Capabilities", shrinkable: true)
            .AddColumn("Aliases", shrinkable: true);
        foreach (var m in models)
        {
            table.AddRow(
                m.Key,
                m.Tier.ToString(),
                Format.Tokens(m.ContextWindow),
                Format.Tokens(m.MaxOutputTokens),
                Format.PerMillion(m.Pricing.InputPerMillion),
                Format.PerMillion(m.Pricing.OutputPerMillion),
                Format.ShortCapabilities(m.Capabilities),
                string.Join(", ", m.Aliases));
        }

        var output = context.Output;
        table.Write(output, context.Console.ResolveWidth(), output.Encoding.CodePage is 65001 or 1200 or 1201 or 12000 or 12001);
        output.WriteLine($"{models.Count} model(s). Prices in USD per million tokens.");
        output.Flush();
    }
}
