using System.Text.Json;
using LlmRouter.Cli.Configuration;
using LlmRouter.Cli.Output;

namespace LlmRouter.Cli.Commands.Usage;

/// <summary>Writes <c>usage --json</c>'s document: the totals and one object per group.</summary>
internal static class UsageJson
{
    /// <summary>Writes the document.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="store">Where the usage was read from.</param>
    /// <param name="from">The start of the period, or <see langword="null"/> for all time.</param>
    /// <param name="by">The grouping.</param>
    /// <param name="summary">The summary.</param>
    /// <param name="groups">The groups.</param>
    public static void Write(Utf8JsonWriter writer, StorageKind store, DateTimeOffset? from, string by, UsageSummary summary, IReadOnlyList<UsageGroup> groups)
    {
        writer.WriteStartObject();
        writer.WriteString("store", store.ToString().ToLowerInvariant());
        if (from is { } f)
        {
            writer.WriteString("from", f);
        }
        else
        {
            writer.WriteNull("from");
        }

        writer.WriteString("by", by);
        writer.WriteNumber("requests", summary.Requests);
        writer.WriteNumber("successful", summary.Successful);
        writer.WriteNumber("failed", summary.Failed);
        writer.WriteNumber("inputTokens", summary.InputTokens);
        writer.WriteNumber("outputTokens", summary.OutputTokens);
        writer.WriteNumber("cachedInputTokens", summary.CachedInputTokens);
        writer.WriteNumber("cost", summary.Cost);
        writer.WriteMilliseconds("averageLatencyMs", summary.AverageLatency);
        writer.WriteStartArray("groups");
        foreach (var g in groups)
        {
            writer.WriteStartObject();
            writer.WriteString("name", g.Name);
            writer.WriteNumber("requests", g.Totals.Requests);
            writer.WriteNumber("inputTokens", g.Totals.InputTokens);
            writer.WriteNumber("outputTokens", g.Totals.OutputTokens);
            writer.WriteNumber("cost", g.Totals.Cost);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
