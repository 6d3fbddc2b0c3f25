using System.CommandLine;
using System.Globalization;
using LlmRouter.Cli.Configuration;
using LlmRouter.Cli.Hosting;
using LlmRouter.Cli.Output;
using Spectre.Console;

namespace LlmRouter.Cli.Commands.Usage;

/// <summary>
/// <c>llmrouter usage [--since …] [--by model|provider|day]</c>: what was spent, as a table and a bar chart, read from the persistent
/// store named in configuration (<c>LlmRouter:Storage:Sqlite</c> or <c>LlmRouter:Storage:Redis</c>).
/// </summary>
internal static class UsageCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "usage";

    /// <summary>What the command does, for help.</summary>
    public const string Description = "Show what was spent, by model, provider or day, from the persistent store.";

    /// <summary>How many groups the bar chart shows at most.</summary>
    public const int ChartRows = 15;

    /// <summary>Creates the command.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="globals">The global options.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context, CliGlobalOptions globals)
    {
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Only usage from then on: 30m, 24h, 7d, 2w, today, yesterday, 2026-07-01 or 2026-07-01T09:00 (UTC).",
            HelpName = "when",
            CustomParser = r =>
            {
                var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
                if (SinceParser.TryParse(text, context.Time.GetUtcNow(), out var from))
                {
                    return from;
                }

                r.AddError($"Cannot read --since '{text}': use 30m, 24h, 7d, 2w, today, yesterday, a date (2026-07-01) or a date and time (2026-07-01T09:00).");
                return null;
            },
        };
        var by = new Option<string>("--by") { Description = "Group by model, provider or day.", DefaultValueFactory = _ => "model" };
        by.AcceptOnlyFromAmong(UsageGroup.Groupings);
        var command = new Command(Name, Description) { since, by };
        command.SetHandler(context, globals, async (invocation, cancellationToken) =>
        {
            var from = invocation.ParseResult.GetValue(since);
            var grouping = invocation.ParseResult.GetRequiredValue(by);
            await using var session = await invocation.OpenSessionAsync(SessionPurpose.Usage, cancellationToken);
            if (!session.Storage.IsPersistent)
            {
                invocation.Warn(
                    "no persistent store is configured, so no earlier usage can be read. Set LlmRouter:Storage:Sqlite "
                    + "(\"Data Source=llmrouter.db\") or LlmRouter:Storage:Redis (\"localhost:6379\") in appsettings.json or as LlmRouter__Storage__Sqlite.");
            }

            var summary = await session.Usage.GetSummaryAsync(new UsageQuery { From = from }, cancellationToken);
            var groups = UsageGroup.From(summary, grouping);
            if (invocation.Json)
            {
                invocation.WriteJson(writer => UsageJson.Write(writer, session.Storage.Kind, from, grouping, summary, groups));
            }
            else
            {
                Render(invocation.Console, session.Storage, from, grouping, summary, groups);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, StorageSettings storage, DateTimeOffset? from, string by, UsageSummary summary, IReadOnlyList<UsageGroup> groups)
    {
        var period = from is { } f ? "since " + f.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "all time";
        console.Write(new Text($"Usage {period} ", Cells.Bold));
        Cells.Line(console, $"(store: {storage.Describe()})", Cells.Dim);
        var table = Cells.Table(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(by), "Requests>", "Input>", "Output>", "Cost>", "Share>");
        foreach (var g in groups)
        {
            var share = summary.Cost == 0 ? "-" : (g.Totals.Cost * 100 / summary.Cost).ToString("0", CultureInfo.InvariantCulture) + "%";
            table.AddRow(
                Cells.Plain(g.Name),
                Cells.Plain(Format.Count(g.Totals.Requests)),
                Cells.Plain(Format.Count(g.Totals.InputTokens)),
                Cells.Plain(Format.Count(g.Totals.OutputTokens)),
                Cells.Plain(Format.Money(g.Totals.Cost)),
                Cells.Plain(share));
        }

        table.AddRow(
            Cells.Plain("total", Cells.Bold),
            Cells.Plain(Format.Count(summary.Requests), Cells.Bold),
            Cells.Plain(Format.Count(summary.InputTokens), Cells.Bold),
            Cells.Plain(Format.Count(summary.OutputTokens), Cells.Bold),
            Cells.Plain(Format.Money(summary.Cost), Cells.Bold),
            Cells.Plain(string.Empty));
        console.Write(table);
        Cells.Line(
            console,
            string.Create(CultureInfo.InvariantCulture, $"{summary.Requests} request(s): {summary.Successful} succeeded, {summary.Failed} failed; average latency {Format.Duration(summary.AverageLatency)}."),
            Cells.Dim);
        if (groups.Count == 0)
        {
            return;
        }

        var byCost = summary.Cost > 0;
        var chart = new BarChart()
            .Width(Math.Min(console.Profile.Width, 100))
            .Label(byCost ? $"[bold]Cost by {by} (USD)[/]" : $"[bold]Requests by {by}[/]")
            .UseValueFormatter(v => byCost ? Format.Money((decimal)v) : Format.Count((long)v));
        var colors = new[] { Color.Blue, Color.Green, Color.Yellow, Color.Aqua, Color.Fuchsia, Color.Orange1 };
        var i = 0;
        foreach (var g in groups.Take(ChartRows))
        {
            chart.AddItem(Cells.MarkupLiteral(g.Name), byCost ? (double)g.Totals.Cost : g.Totals.Requests, colors[i++ % colors.Length]);
        }

        console.WriteLine();
        console.Write(chart);
    }
}
