using System.Text.Json.Serialization;

namespace LlmRouter;

/// <summary>One line of an outcomes file (DESIGN §10): a prompt and each model's score on it.</summary>
internal sealed class OutcomeLineDto
{
    public string? Id { get; set; }

    public string? Source { get; set; }

    public string? Prompt { get; set; }

    public Dictionary<string, double>? Scores { get; set; }

    public Dictionary<string, int>? OutputTokens { get; set; }
}

/// <summary>Source-generated JSON for outcome lines.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutcomeLineDto))]
internal sealed partial class OutcomeJsonContext : JsonSerializerContext;
