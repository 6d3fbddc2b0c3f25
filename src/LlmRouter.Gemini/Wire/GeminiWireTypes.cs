using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmRouter.Gemini.Wire;

// The Gemini REST API's (v1beta) JSON shapes, reduced to the fields this package reads or writes.
// Serialized only through GeminiJsonContext (source generation); unknown fields in responses are ignored.

/// <summary>The body of <c>models/{model}:generateContent</c> and <c>:streamGenerateContent</c>.</summary>
internal sealed class GeminiGenerateContentRequest
{
    public List<GeminiContent> Contents { get; set; } = [];

    public GeminiContent? SystemInstruction { get; set; }

    public List<GeminiTool>? Tools { get; set; }

    public GeminiToolConfig? ToolConfig { get; set; }

    public GeminiGenerationConfig? GenerationConfig { get; set; }
}

/// <summary>One turn: a role (<c>user</c> or <c>model</c>) and its parts.</summary>
internal sealed class GeminiContent
{
    public string? Role { get; set; }

    public List<GeminiPart>? Parts { get; set; }
}

/// <summary>One part of a turn; exactly one of the data fields is set.</summary>
internal sealed class GeminiPart
{
    public string? Text { get; set; }

    public bool? Thought { get; set; }

    public string? ThoughtSignature { get; set; }

    public GeminiBlob? InlineData { get; set; }

    public GeminiFileData? FileData { get; set; }

    public GeminiFunctionCall? FunctionCall { get; set; }

    public GeminiFunctionResponse? FunctionResponse { get; set; }

    public JsonElement? ExecutableCode { get; set; }

    public JsonElement? CodeExecutionResult { get; set; }
}

/// <summary>Inline bytes (base64) with their media type.</summary>
internal sealed class GeminiBlob
{
    public string? MimeType { get; set; }

    public string? Data { get; set; }
}

/// <summary>A file referenced by URI (Files API, Cloud Storage, YouTube).</summary>
internal sealed class GeminiFileData
{
    public string? MimeType { get; set; }

    public string? FileUri { get; set; }
}

/// <summary>A call the model asks the caller to make.</summary>
internal sealed class GeminiFunctionCall
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public JsonElement? Args { get; set; }
}

/// <summary>The result of a function call, sent back to the model.</summary>
internal sealed class GeminiFunctionResponse
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public JsonElement? Response { get; set; }
}

/// <summary>A tool: function declarations or a built-in tool such as Google Search.</summary>
internal sealed class GeminiTool
{
    public List<GeminiFunctionDeclaration>? FunctionDeclarations { get; set; }

    public JsonElement? GoogleSearch { get; set; }
}

/// <summary>A function the model may call, its parameters given as JSON Schema.</summary>
internal sealed class GeminiFunctionDeclaration
{
    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public JsonElement? ParametersJsonSchema { get; set; }
}

/// <summary>How the model may use the declared functions.</summary>
internal sealed class GeminiToolConfig
{
    public GeminiFunctionCallingConfig? FunctionCallingConfig { get; set; }
}

/// <summary><c>AUTO</c>, <c>ANY</c> (with optional allowed names) or <c>NONE</c>.</summary>
internal sealed class GeminiFunctionCallingConfig
{
    public string? Mode { get; set; }

    public List<string>? AllowedFunctionNames { get; set; }
}

/// <summary>Sampling, length, stop, format and thinking settings.</summary>
internal sealed class GeminiGenerationConfig
{
    public float? Temperature { get; set; }

    public float? TopP { get; set; }

    public int? TopK { get; set; }

    public int? MaxOutputTokens { get; set; }

    public List<string>? StopSequences { get; set; }

    public long? Seed { get; set; }

    public float? PresencePenalty { get; set; }

    public float? FrequencyPenalty { get; set; }

    public string? ResponseMimeType { get; set; }

    public JsonElement? ResponseJsonSchema { get; set; }

    public GeminiThinkingConfig? ThinkingConfig { get; set; }
}

/// <summary>How much the model thinks and whether thought summaries are returned.</summary>
internal sealed class GeminiThinkingConfig
{
    public int? ThinkingBudget { get; set; }

    public bool? IncludeThoughts { get; set; }
}

/// <summary>A whole answer, or one chunk of a streamed answer.</summary>
internal sealed class GeminiGenerateContentResponse
{
    public List<GeminiCandidate>? Candidates { get; set; }

    public GeminiPromptFeedback? PromptFeedback { get; set; }

    public GeminiUsageMetadata? UsageMetadata { get; set; }

    public string? ModelVersion { get; set; }

    public string? ResponseId { get; set; }

    /// <summary>Set when a stream reports an error in band.</summary>
    public GeminiError? Error { get; set; }
}

/// <summary>One candidate answer.</summary>
internal sealed class GeminiCandidate
{
    public GeminiContent? Content { get; set; }

    public string? FinishReason { get; set; }

    public string? FinishMessage { get; set; }
}

/// <summary>Why the prompt itself was blocked, if it was.</summary>
internal sealed class GeminiPromptFeedback
{
    public string? BlockReason { get; set; }

    public string? BlockReasonMessage { get; set; }
}

/// <summary>Token counts. <c>promptTokenCount</c> includes <c>cachedContentTokenCount</c>; <c>thoughtsTokenCount</c> is not in <c>candidatesTokenCount</c>.</summary>
internal sealed class GeminiUsageMetadata
{
    public int? PromptTokenCount { get; set; }

    public int? CachedContentTokenCount { get; set; }

    public int? CandidatesTokenCount { get; set; }

    public int? ToolUsePromptTokenCount { get; set; }

    public int? ThoughtsTokenCount { get; set; }

    public int? TotalTokenCount { get; set; }
}

/// <summary>The error envelope: <c>{"error":{"code","message","status","details":[…]}}</c>.</summary>
internal sealed class GeminiErrorResponse
{
    public GeminiError? Error { get; set; }
}

/// <summary>A google.rpc.Status.</summary>
internal sealed class GeminiError
{
    public int? Code { get; set; }

    public string? Message { get; set; }

    public string? Status { get; set; }

    public List<GeminiErrorDetail>? Details { get; set; }
}

/// <summary>One typed error detail (ErrorInfo, RetryInfo, QuotaFailure, …); only the fields read here.</summary>
internal sealed class GeminiErrorDetail
{
    [JsonPropertyName("@type")]
    public string? Type { get; set; }

    /// <summary>ErrorInfo's reason, e.g. <c>API_KEY_INVALID</c>.</summary>
    public string? Reason { get; set; }

    /// <summary>RetryInfo's delay, a protobuf duration such as <c>"32s"</c>.</summary>
    public string? RetryDelay { get; set; }

    /// <summary>QuotaFailure's violations.</summary>
    public List<GeminiQuotaViolation>? Violations { get; set; }
}

/// <summary>One quota a request ran into.</summary>
internal sealed class GeminiQuotaViolation
{
    public string? QuotaMetric { get; set; }

    public string? QuotaId { get; set; }

    public string? Subject { get; set; }

    public string? Description { get; set; }
}

/// <summary>The body of <c>models/{model}:embedContent</c> (and each request of a batch).</summary>
internal sealed class GeminiEmbedContentRequest
{
    public string? Model { get; set; }

    public GeminiContent Content { get; set; } = new();

    public string? TaskType { get; set; }

    public int? OutputDimensionality { get; set; }
}

/// <summary>The body of <c>models/{model}:batchEmbedContents</c>.</summary>
internal sealed class GeminiBatchEmbedContentsRequest
{
    public List<GeminiEmbedContentRequest> Requests { get; set; } = [];
}

/// <summary>The answer of <c>:embedContent</c>.</summary>
internal sealed class GeminiEmbedContentResponse
{
    public GeminiContentEmbedding? Embedding { get; set; }
}

/// <summary>The answer of <c>:batchEmbedContents</c>.</summary>
internal sealed class GeminiBatchEmbedContentsResponse
{
    public List<GeminiContentEmbedding>? Embeddings { get; set; }
}

/// <summary>One embedding vector.</summary>
internal sealed class GeminiContentEmbedding
{
    public float[]? Values { get; set; }
}

/// <summary>The answer of <c>GET models</c>.</summary>
internal sealed class GeminiListModelsResponse
{
    public List<GeminiModelInfo>? Models { get; set; }

    public string? NextPageToken { get; set; }
}

/// <summary>One listed model.</summary>
internal sealed class GeminiModelInfo
{
    /// <summary>The resource name, <c>models/gemini-2.5-flash</c>.</summary>
    public string? Name { get; set; }

    public string? DisplayName { get; set; }

    public int? InputTokenLimit { get; set; }

    public int? OutputTokenLimit { get; set; }

    public List<string>? SupportedGenerationMethods { get; set; }

    public bool? Thinking { get; set; }
}
