using System.CommandLine;
using LlmRouter.Cli.Hosting;
using LlmRouter.Cli.Output;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace LlmRouter.Cli.Commands.Compare;

/// <summary>
/// <c>llmrouter compare --models a,b,c "prompt"</c>: asks every model at once (live progress in a terminal), then shows each answer's
/// excerpt, latency, tokens and cost, the cheapest and the fastest marked. Exit code 1 when any model failed.
/// </summary>
internal static class CompareCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "compare";

    /// <summary>What the command does, for help.</summary>
    public const string Description = "Ask several models the same prompt at once and compare answers, latency, tokens and cost.";

    /// <summary>How many characters of each answer the table shows.</summary>
    public const int ExcerptLength = 60;

    /// <summary>Creates the command.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="globals">The global options.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context, CliGlobalOptions globals)
    {
        var models = new Option<string[]>("--models", "-m")
        {
            Description = "The models to ask, separated by commas (keys, ids or aliases).",
            HelpName = "a,b,c",
            Required = true,
            CustomParser = r => [.. r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        models.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string[]>() is not { Length: > 0 })
            {
                r.AddError("--models needs at least one model.");
            }
        });
        var prompt = new Argument<string>("prompt") { Description = "The prompt every model gets." };
        var command = new Command(Name, Description) { models, prompt };
        command.SetHandler(context, globals, async (invocation, cancellationToken) =>
        {
            var text = invocation.ParseResult.GetRequiredValue(prompt);
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new CliUsageException("The prompt is empty.");
            }

            await using var session = await invocation.OpenSessionAsync(SessionPurpose.Send, cancellationToken);

            // Every name is checked before anything is sent: an unknown one fails with close matches.
            var keys = invocation.ParseResult.GetRequiredValue(models)
                .Select(n => session.Catalog.Resolve(n).Key)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray();
            var comparisons = await AskAllAsync(invocation, session.Router, keys, text, cancellationToken);
            var rows = ComparisonRow.From(comparisons);
            if (invocation.Json)
            {
                invocation.WriteJson(writer => CompareJson.Write(writer, rows));
            }
            else
            {
                Render(invocation.Console, rows);
            }

            return rows.All(r => r.Succeeded) ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static async Task<IReadOnlyList<ModelComparison>> AskAllAsync(CommandInvocation invocation, ILlmRouter router, string[] keys, string prompt, CancellationToken cancellationToken)
    {
        ChatMessage[] messages = [new(ChatRole.User, prompt)];
        var time = invocation.Context.Time;

        // One comparison per model, so each one's end is seen as it happens; they all run at once.
        async Task<ModelComparison> AskAsync(string key)
        {
            var start = time.GetTimestamp();
            try
            {
                return (await router.CompareAsync([key], messages, null, cancellationToken))[0];
            }
            catch (LlmException ex)
            {
                return new ModelComparison(key, null, ex, time.GetElapsedTime(start), 0m);
            }
        }

        if (invocation.Json || !invocation.Context.Console.Interactive)
        {
            return await Task.WhenAll(keys.Select(AskAsync));
        }

        return await invocation.Console.Progress()
            .AutoClear(false)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                async Task<ModelComparison> TrackAsync(string key)
                {
                    var task = progress.AddTask(Cells.MarkupLiteral(key), maxValue: 1);
                    task.IsIndeterminate = true;
                    var done = await AskAsync(key);
                    task.Description = Cells.MarkupLiteral(key) + (done.Error is null ? " [green]answered[/]" : " [red]failed[/]");
                    task.IsIndeterminate = false;
                    task.Value = 1;
                    task.StopTask();
                    return done;
                }

                return await Task.WhenAll(keys.Select(TrackAsync));
            });
    }

    private static void Render(IAnsiConsole console, IReadOnlyList<ComparisonRow> rows)
    {
        var table = Cells.Table("Model", "Answer", "Latency>", "Tokens in/out>", "Cost>", "");
        foreach (var r in rows)
        {
            var marks = string.Join(", ", new[] { r.Cheapest ? "cheapest" : null, r.Fastest ? "fastest" : null }.OfType<string>());
            table.AddRow(
                Cells.Plain(r.Model),
                r.Succeeded ? Cells.Plain(Format.Excerpt(r.Answer, ExcerptLength)) : Cells.Plain(Format.Excerpt(r.Error, ExcerptLength), Cells.Bad),
                Cells.Plain(Format.Duration(r.Latency)),
                Cells.Plain($"{Tokens(r.InputTokens)}/{Tokens(r.OutputTokens)}"),
                Cells.Plain(Format.Money(r.Cost)),
                Cells.Plain(marks, Cells.Highlight));
        }

        console.Write(table);
    }

    private static string Tokens(long? count) => count is { } c ? Format.Count(c) : "?";
}
