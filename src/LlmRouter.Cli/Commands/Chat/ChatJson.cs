using System.Text.Json;
using LlmRouter.Cli.Output;

namespace LlmRouter.Cli.Commands.Chat;

/// <summary>Writes <c>chat --json</c>'s document: the answer, its route, tokens, cost and attempts.</summary>
internal static class ChatJson
{
    /// <summary>Writes the document.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="turn">The answer.</param>
    public static void Write(Utf8JsonWriter writer, ChatTurn turn)
    {
        var route = turn.Route;
        writer.WriteStartObject();
        writer.WriteString("model", route is null ? null : $"{route.Provider}/{route.Model}");
        writer.WriteString("strategy", route?.Strategy);
        writer.WriteString("reason", route?.Reason);
        writer.WriteString("text", turn.Text);
        writer.WriteNumberOrNull("inputTokens", turn.Usage?.InputTokenCount);
        writer.WriteNumberOrNull("outputTokens", turn.Usage?.OutputTokenCount);
        writer.WriteNumber("cost", route?.TotalCost ?? 0);
        writer.WriteMilliseconds("durationMs", turn.Duration);
        writer.WriteStartArray("attempts");
        foreach (var attempt in route?.Attempts ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("model", $"{attempt.Provider}/{attempt.Model}");
            writer.WriteMilliseconds("durationMs", attempt.Duration);
            writer.WriteString("error", attempt.Error?.ToString());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
