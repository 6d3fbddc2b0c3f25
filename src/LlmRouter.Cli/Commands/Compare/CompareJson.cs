using System.Text.Json;
using LlmRouter.Cli.Output;

namespace LlmRouter.Cli.Commands.Compare;

/// <summary>Writes <c>compare --json</c>'s document: an array with one object per model, in the order asked.</summary>
internal static class CompareJson
{
    /// <summary>Writes the document.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="rows">The rows.</param>
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<ComparisonRow> rows)
    {
        writer.WriteStartArray();
        foreach (var r in rows)
        {
            writer.WriteStartObject();
            writer.WriteString("model", r.Model);
            writer.WriteBoolean("ok", r.Succeeded);
            writer.WriteString("answer", r.Answer);
            writer.WriteString("error", r.Error);
            writer.WriteMilliseconds("latencyMs", r.Latency);
            writer.WriteNumberOrNull("inputTokens", r.InputTokens);
            writer.WriteNumberOrNull("outputTokens", r.OutputTokens);
            writer.WriteNumber("cost", r.Cost);
            writer.WriteBoolean("cheapest", r.Cheapest);
            writer.WriteBoolean("fastest", r.Fastest);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
