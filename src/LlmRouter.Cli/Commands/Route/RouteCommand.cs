using System.CommandLine;
using LlmRouter.Cli.Hosting;
using LlmRouter.Cli.Output;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace LlmRouter.Cli.Commands.Route;

/// <summary>
/// <c>llmrouter route --explain "prompt" [--strategy s]</c>: the plan the router would follow for a prompt, and why, without sending
/// anything. With no provider configured it plans over the whole catalog as if every provider were.
/// </summary>
internal static class RouteCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "route";

    /// <summary>What the command does, for help.</summary>
    public const string Description = "Explain where a prompt would go and why, without sending it.";

    /// <summary>How many of the plan's models the table shows (<c>--json</c> lists all).</summary>
    public const int ShownModels = 10;

    /// <summary>Creates the command.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="globals">The global options.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context, CliGlobalOptions globals)
    {
        var explain = new Option<bool>("--explain") { Description = "Explain the route without sending anything (what route always does)." };
        var strategy = RoutingOptions.CreateStrategy();
        var prompt = new Argument<string>("prompt") { Description = "The prompt to plan for." };
        var command = new Command(Name, Description) { explain, strategy, prompt };
        command.SetHandler(context, globals, async (invocation, cancellationToken) =>
        {
            var text = invocation.ParseResult.GetRequiredValue(prompt);
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new CliUsageException("The prompt is empty.");
            }

            await using var session = await invocation.OpenSessionAsync(SessionPurpose.Plan, cancellationToken);
            var options = RoutingOptions.Create(null, RoutingOptions.CheckStrategy(session, invocation.ParseResult.GetValue(strategy)));
            var plan = await session.Router.PlanAsync([new ChatMessage(ChatRole.User, text)], options, cancellationToken);
            if (session.PlansOverWholeCatalog)
            {
                invocation.Note("No provider is configured: planned over the whole catalog as if every provider were.");
            }

            if (invocation.Json)
            {
                invocation.WriteJson(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("strategy", plan.Strategy);
                    writer.WriteString("reason", plan.Reason);
                    writer.WriteStartArray("models");
                    foreach (var model in plan.Models)
                    {
                        writer.WriteStringValue(model.Key);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                });
            }
            else
            {
                Render(invocation.Console, plan);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, RoutePlan plan)
    {
        console.Write(Cells.Grid([("Strategy", plan.Strategy), ("Reason", plan.Reason)]));
        var table = Cells.Table("#>", "Model", "Tier", "Context>", "In $/M>", "Out $/M>");
        foreach (var (m, i) in plan.Models.Take(ShownModels).Select((m, i) => (m, i)))
        {
            table.AddRow(
                Cells.Plain(Format.Count(i + 1)),
                Cells.Plain(m.Key),
                Cells.Plain(m.Tier.ToString()),
                Cells.Plain(Format.Tokens(m.ContextWindow)),
                Cells.Plain(Format.PerMillion(m.Pricing.InputPerMillion)),
                Cells.Plain(Format.PerMillion(m.Pricing.OutputPerMillion)));
        }

        console.Write(table);
        var more = plan.Models.Count - ShownModels;
        Cells.Line(
            console,
            more > 0 ? $"Tried in this order; {more} more after these (--json lists all). Nothing was sent." : "Tried in this order. Nothing was sent.",
            Cells.Dim);
    }
}
