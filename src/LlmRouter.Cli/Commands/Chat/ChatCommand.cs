using System.CommandLine;
using System.Globalization;
using LlmRouter.Cli.Hosting;
using LlmRouter.Cli.Output;
using Spectre.Console;

namespace LlmRouter.Cli.Commands.Chat;

/// <summary>
/// <c>llmrouter chat [--model m] [--strategy s] ["prompt"]</c>: streams the router's answer to one prompt, or, without one, holds an
/// interactive conversation that keeps its history. After each answer: the route, the tokens and the cost.
/// </summary>
internal static class ChatCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "chat";

    /// <summary>What the command does, for help.</summary>
    public const string Description = "Chat through the router: streams the answer, then shows the route, tokens and cost.";

    /// <summary>Typed alone on a line, ends the conversation.</summary>
    public const string ExitCommand = "/exit";

    /// <summary>Typed alone on a line, forgets the conversation so far.</summary>
    public const string ResetCommand = "/reset";

    /// <summary>Creates the command.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="globals">The global options.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context, CliGlobalOptions globals)
    {
        var model = new Option<string?>("--model", "-m") { Description = "Send to this model (key, id or alias) instead of routing.", HelpName = "model" };
        var strategy = RoutingOptions.CreateStrategy();
        var prompt = new Argument<string?>("prompt") { Description = "The prompt; without one, an interactive conversation.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command(Name, Description) { model, strategy, prompt };
        command.SetHandler(context, globals, async (invocation, cancellationToken) =>
        {
            var text = invocation.ParseResult.GetValue(prompt);
            if (invocation.Json && string.IsNullOrWhiteSpace(text))
            {
                throw new CliUsageException("chat --json needs a prompt: llmrouter chat --json \"…\".");
            }

            await using var session = await invocation.OpenSessionAsync(SessionPurpose.Send, cancellationToken);
            var pinned = invocation.ParseResult.GetValue(model) is { } name ? session.Catalog.Resolve(name) : null;
            var options = RoutingOptions.Create(pinned, RoutingOptions.CheckStrategy(session, invocation.ParseResult.GetValue(strategy)));
            var conversation = new ChatConversation(session.Chat, options, context.Time);
            if (text is null)
            {
                return await ConverseAsync(invocation, conversation, pinned, cancellationToken);
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                throw new CliUsageException("The prompt is empty.");
            }

            if (invocation.Json)
            {
                var turn = await conversation.SendAsync(text, static _ => { }, cancellationToken);
                invocation.WriteJson(writer => ChatJson.Write(writer, turn));
                return ExitCodes.Success;
            }

            await AnswerAsync(invocation, conversation, text, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<int> ConverseAsync(CommandInvocation invocation, ChatConversation conversation, ModelDescriptor? pinned, CancellationToken cancellationToken)
    {
        var context = invocation.Context;
        var prompts = context.Console.InputIsTerminal;
        if (prompts)
        {
            Cells.Line(invocation.Console, $"Chatting with {pinned?.Key ?? "the router"}. {ResetCommand} forgets the conversation, {ExitCommand} or Ctrl+D ends it.", Cells.Dim);
        }

        var failures = 0;
        while (true)
        {
            if (prompts)
            {
                invocation.Console.Write(new Text("> ", new Style(Color.Blue, decoration: Decoration.Bold)));
            }

            var line = await context.Input.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim().Equals(ExitCommand, StringComparison.OrdinalIgnoreCase))
            {
                break;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (line.Trim().Equals(ResetCommand, StringComparison.OrdinalIgnoreCase))
            {
                conversation.Reset();
                invocation.Note("(conversation forgotten)");
                continue;
            }

            try
            {
                await AnswerAsync(invocation, conversation, line, cancellationToken);
            }
            catch (LlmException ex)
            {
                // One failed question does not end the conversation; it is left out of the history.
                failures++;
                context.Output.WriteLine();
                await context.Error.WriteLineAsync($"error: {ex.Message}");
            }
        }

        return failures == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static async Task AnswerAsync(CommandInvocation invocation, ChatConversation conversation, string prompt, CancellationToken cancellationToken)
    {
        var output = invocation.Context.Output;
        var turn = await conversation.SendAsync(prompt, output.Write, cancellationToken);
        output.WriteLine();
        output.Flush();
        Cells.Line(invocation.Console, Summarize(turn), Cells.Dim);
    }

    /// <summary>Summarizes an answer's route, tokens, cost and time in one line.</summary>
    /// <param name="turn">The answer.</param>
    /// <returns>For example <c>→ openai/gpt-4o-mini (complexity) · 12 in / 48 out tokens · $0.000031 · 1.2 s</c>.</returns>
    public static string Summarize(ChatTurn turn)
    {
        var route = turn.Route is { } r ? $"{r.Provider}/{r.Model} ({r.Strategy})" : "unknown route";
        var tokens = turn.Usage is { } u
            ? string.Create(CultureInfo.InvariantCulture, $"{Format.Count(u.InputTokenCount ?? 0)} in / {Format.Count(u.OutputTokenCount ?? 0)} out tokens")
            : "tokens not reported";
        var cost = Format.Money(turn.Route?.TotalCost ?? 0);
        var line = $"→ {route} · {tokens} · {cost} · {Format.Duration(turn.Duration)}";
        if (turn.Route is { Attempts.Count: > 1 } routed)
        {
            var failed = routed.Attempts.Where(a => a.Error is not null).Select(a => $"{a.Provider}/{a.Model} {a.Error}");
            line += $" · after {routed.Attempts.Count - 1} failed attempt(s): {string.Join(", ", failed)}";
        }

        return line;
    }
}
