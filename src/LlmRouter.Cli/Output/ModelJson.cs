using System.Text.Json;

namespace LlmRouter.Cli.Output;

/// <summary>Writes a model as <c>models list --json</c> and <c>models describe --json</c> show it (DESIGN §9).</summary>
internal static class ModelJson
{
    /// <summary>Writes one model object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="model">The model.</param>
    public static void Write(Utf8JsonWriter writer, ModelDescriptor model)
    {
        writer.WriteStartObject();
        writer.WriteString("key", model.Key);
        writer.WriteString("provider", model.Provider);
        writer.WriteString("id", model.Id);
        writer.WriteString("tier", model.Tier.ToString());
        writer.WriteNumber("contextWindow", model.ContextWindow);
        writer.WriteNumber("maxOutputTokens", model.MaxOutputTokens);
        writer.WriteNumber("inputPerMillion", model.Pricing.InputPerMillion);
        writer.WriteNumber("outputPerMillion", model.Pricing.OutputPerMillion);
        writer.WriteStartArray("capabilities");
        foreach (var capability in Format.CapabilityNames(model.Capabilities))
        {
            writer.WriteStringValue(capability);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("aliases");
        foreach (var alias in model.Aliases)
        {
            writer.WriteStringValue(alias);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
