using System.Text.Json.Serialization;

namespace LlmRouter.AspNetCore;

/// <summary>The body of <c>POST /v1/chat/completions</c> as OpenAI defines it; fields the gateway does not know are ignored.</summary>
internal sealed class ChatCompletionRequest
{
    public string? Model { get; set; }

    public List<ChatMessageDto?>? Messages { get; set; }

    public bool? Stream { get; set; }

    public StreamOptionsDto? StreamOptions { get; set; }

    public float? Temperature { get; set; }

    public float? TopP { get; set; }

    public int? MaxTokens { get; set; }

    public int? MaxCompletionTokens { get; set; }

    [JsonConverter(typeof(StopSequencesConverter))]
    public List<string>? Stop { get; set; }

    public long? Seed { get; set; }

    public float? PresencePenalty { get; set; }

    public float? FrequencyPenalty { get; set; }

    public int? N { get; set; }

    public List<ToolDto?>? Tools { get; set; }

    [JsonConverter(typeof(ToolChoiceConverter))]
    public ToolChoiceDto? ToolChoice { get; set; }

    public bool? ParallelToolCalls { get; set; }

    public ResponseFormatDto? ResponseFormat { get; set; }

    public string? ReasoningEffort { get; set; }

    public bool? Logprobs { get; set; }

    public int? TopLogprobs { get; set; }

    public string? User { get; set; }

    /// <summary>Gets or sets LlmRouter's own routing hints (an extension field OpenAI's SDKs pass through as extra body).</summary>
    public RoutingHintsDto? Llmrouter { get; set; }
}
