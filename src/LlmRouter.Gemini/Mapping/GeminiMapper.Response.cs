using System.Text.Json;
using LlmRouter.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmRouter.Gemini.Mapping;

/// <summary>Maps between Microsoft.Extensions.AI types and the Gemini wire types. This part: answers, stream chunks, finish reasons and usage.</summary>
internal static partial class GeminiMapper
{
    /// <summary>Maps a whole <c>generateContent</c> answer.</summary>
    /// <param name="response">The answer.</param>
    /// <param name="modelId">The model asked, used when the answer does not name its <c>modelVersion</c>.</param>
    /// <returns>The chat response.</returns>
    /// <exception cref="LlmException">The prompt or the answer was blocked (ContentFiltered), or the answer has no candidate (Unknown).</exception>
    public static ChatResponse ToChatResponse(GeminiGenerateContentResponse response, string modelId)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Error is { } error)
        {
            throw GeminiMapper.FromInBandError(error, modelId);
        }

        var candidate = response.Candidates is { Count: > 0 } candidates ? candidates[0] : null;
        if (candidate is null)
        {
            throw response.PromptFeedback?.BlockReason is { Length: > 0 } blockReason
                ? GeminiMapper.ContentFiltered(blockReason, response.PromptFeedback.BlockReasonMessage, modelId)
                : GeminiMapper.Malformed("response: it has no candidates", modelId);
        }

        var contents = ToContents(candidate.Content?.Parts);
        var hasCalls = contents.Any(c => c is FunctionCallContent);
        var finishReason = ToFinishReason(candidate.FinishReason, hasCalls);
        if (finishReason == ChatFinishReason.ContentFilter && !contents.Any(IsAnswer))
        {
            throw GeminiMapper.ContentFiltered(candidate.FinishReason!, candidate.FinishMessage, modelId);
        }

        var message = new ChatMessage(ChatRole.Assistant, contents) { MessageId = response.ResponseId, RawRepresentation = candidate };
        return new ChatResponse(message)
        {
            ResponseId = response.ResponseId,
            ModelId = string.IsNullOrEmpty(response.ModelVersion) ? modelId : response.ModelVersion,
            FinishReason = finishReason,
            Usage = ToUsage(response.UsageMetadata),
            RawRepresentation = response,
        };
    }

    /// <summary>Maps one chunk of a <c>streamGenerateContent</c> stream.</summary>
    /// <param name="chunk">The chunk.</param>
    /// <param name="state">What the stream has shown so far; updated.</param>
    /// <returns>The update, or <see langword="null"/> when the chunk carries nothing for the caller (usage only: see <see cref="GeminiStreamState.Usage"/>).</returns>
    /// <exception cref="LlmException">The prompt was blocked, or the answer was filtered before any of it was produced (ContentFiltered).</exception>
    public static ChatResponseUpdate? ToUpdate(GeminiGenerateContentResponse chunk, GeminiStreamState state)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(state);
        if (chunk.UsageMetadata is { } usage)
        {
            state.Usage = usage; // cumulative: the last one counts
        }

        state.ResponseId ??= chunk.ResponseId;
        if (!string.IsNullOrEmpty(chunk.ModelVersion))
        {
            state.ModelVersion = chunk.ModelVersion;
        }

        var candidate = chunk.Candidates is { Count: > 0 } candidates ? candidates[0] : null;
        if (candidate is null)
        {
            if (chunk.PromptFeedback?.BlockReason is { Length: > 0 } blockReason)
            {
                throw GeminiMapper.ContentFiltered(blockReason, chunk.PromptFeedback.BlockReasonMessage, state.ModelId);
            }

            return null;
        }

        var contents = ToContents(candidate.Content?.Parts);
        state.HasFunctionCalls |= contents.Any(c => c is FunctionCallContent);
        ChatFinishReason? finishReason = null;
        if (!string.IsNullOrEmpty(candidate.FinishReason))
        {
            finishReason = ToFinishReason(candidate.FinishReason, state.HasFunctionCalls);
            if (finishReason == ChatFinishReason.ContentFilter && !state.HasAnswer && !contents.Any(IsAnswer))
            {
                throw GeminiMapper.ContentFiltered(candidate.FinishReason, candidate.FinishMessage, state.ModelId);
            }

            state.FinishReason = finishReason;
        }

        state.HasAnswer |= contents.Any(IsAnswer);
        if (contents.Count == 0 && finishReason is null)
        {
            return null;
        }

        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = chunk.ResponseId ?? state.ResponseId,
            MessageId = chunk.ResponseId ?? state.ResponseId,
            ModelId = state.ModelVersion ?? state.ModelId,
            FinishReason = finishReason,
            RawRepresentation = chunk,
        };
    }

    /// <summary>The update that ends a stream: the usage of the whole answer, once (chunks repeat cumulative counts).</summary>
    /// <param name="state">The stream's state.</param>
    /// <returns>The update, or <see langword="null"/> when Gemini reported no usage.</returns>
    public static ChatResponseUpdate? ToUsageUpdate(GeminiStreamState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return ToUsage(state.Usage) is { } usage
            ? new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)])
            {
                ResponseId = state.ResponseId,
                MessageId = state.ResponseId,
                ModelId = state.ModelVersion ?? state.ModelId,
            }
            : null;
    }

    /// <summary>Maps usage: input includes cached input (and tool-use prompt tokens); output includes thinking tokens.</summary>
    /// <param name="usage">Gemini's <c>usageMetadata</c>.</param>
    /// <returns>The usage, or <see langword="null"/>.</returns>
    public static UsageDetails? ToUsage(GeminiUsageMetadata? usage)
    {
        if (usage is null)
        {
            return null;
        }

        long? input = usage.PromptTokenCount is null && usage.ToolUsePromptTokenCount is null
            ? null
            : (long)(usage.PromptTokenCount ?? 0) + (usage.ToolUsePromptTokenCount ?? 0);
        long? output = usage.CandidatesTokenCount is null && usage.ThoughtsTokenCount is null
            ? null
            : (long)(usage.CandidatesTokenCount ?? 0) + (usage.ThoughtsTokenCount ?? 0);
        return new UsageDetails
        {
            InputTokenCount = input,
            OutputTokenCount = output,
            TotalTokenCount = usage.TotalTokenCount ?? (input ?? 0) + (output ?? 0),
            CachedInputTokenCount = usage.CachedContentTokenCount,
            ReasoningTokenCount = usage.ThoughtsTokenCount,
        };
    }

    /// <summary>Maps a finish reason. Gemini says <c>STOP</c> after function calls; that becomes <see cref="ChatFinishReason.ToolCalls"/>.</summary>
    /// <param name="reason">Gemini's <c>finishReason</c>.</param>
    /// <param name="hasFunctionCalls">Whether the answer asks for function calls.</param>
    /// <returns>The finish reason, or <see langword="null"/> when none was given.</returns>
    public static ChatFinishReason? ToFinishReason(string? reason, bool hasFunctionCalls) => reason switch
    {
        null or "" => hasFunctionCalls ? ChatFinishReason.ToolCalls : null,
        _ when hasFunctionCalls && reason is "STOP" => ChatFinishReason.ToolCalls,
        "STOP" => ChatFinishReason.Stop,
        "MAX_TOKENS" => ChatFinishReason.Length,
        "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" or "IMAGE_SAFETY" or "IMAGE_PROHIBITED_CONTENT" or "IMAGE_RECITATION" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason.ToLowerInvariant()),
    };

    /// <summary>
    /// Maps parts to contents. Thoughts become <see cref="TextReasoningContent"/>. A thought signature on any other part follows that part as a
    /// <see cref="TextReasoningContent"/> without text whose <see cref="TextReasoningContent.ProtectedData"/> is the signature, and goes back on
    /// that part in the next request (Gemini 3 requires it for function calls).
    /// </summary>
    /// <param name="parts">The parts.</param>
    /// <returns>The contents.</returns>
    public static List<AIContent> ToContents(IReadOnlyList<GeminiPart>? parts)
    {
        var contents = new List<AIContent>(parts?.Count ?? 0);
        foreach (var part in parts ?? [])
        {
            if (part is null)
            {
                continue;
            }

            var signature = string.IsNullOrEmpty(part.ThoughtSignature) ? null : part.ThoughtSignature;
            if (part.Thought == true)
            {
                if (!string.IsNullOrEmpty(part.Text) || signature is not null)
                {
                    contents.Add(new TextReasoningContent(part.Text) { ProtectedData = signature, RawRepresentation = part });
                }

                continue;
            }

            AIContent? content = part switch
            {
                { FunctionCall: { } call } => ToFunctionCall(call, part),
                { FunctionResponse: { } response } => new FunctionResultContent(response.Id ?? response.Name ?? string.Empty, response.Response),
                { InlineData: { } blob } => ToData(blob),
                { FileData: { FileUri: { Length: > 0 } uri } file } => Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
                    ? new UriContent(parsed, string.IsNullOrEmpty(file.MimeType) ? "application/octet-stream" : file.MimeType)
                    : throw GeminiMapper.Malformed($"file part (fileUri \"{uri}\" is not an absolute URI)", null),
                { Text: { Length: > 0 } text } => new TextContent(text),
                _ => null, // empty text (often just a signature carrier), executable code and other parts this package does not ask for
            };

            if (content is not null)
            {
                content.RawRepresentation = part;
                contents.Add(content);
            }

            if (signature is not null)
            {
                contents.Add(new TextReasoningContent(null) { ProtectedData = signature, RawRepresentation = part });
            }
        }

        return contents;
    }

    private static FunctionCallContent ToFunctionCall(GeminiFunctionCall call, GeminiPart part)
    {
        if (string.IsNullOrEmpty(call.Name))
        {
            throw GeminiMapper.Malformed("function call (it has no name)", null);
        }

        Dictionary<string, object?>? arguments = null;
        if (call.Args is { ValueKind: JsonValueKind.Object } args)
        {
            arguments = [];
            foreach (var property in args.EnumerateObject())
            {
                arguments[property.Name] = property.Value.Clone();
            }
        }

        var id = string.IsNullOrEmpty(call.Id) ? $"call_{Guid.NewGuid():N}"[..21] : call.Id;
        return new FunctionCallContent(id, call.Name, arguments) { RawRepresentation = part };
    }

    private static DataContent ToData(GeminiBlob blob)
    {
        try
        {
            return new DataContent(Convert.FromBase64String(blob.Data ?? string.Empty), string.IsNullOrEmpty(blob.MimeType) ? "application/octet-stream" : blob.MimeType);
        }
        catch (FormatException ex)
        {
            throw GeminiMapper.Malformed("inline data part (not base64)", null, ex);
        }
    }

    private static bool IsAnswer(AIContent content) =>
        content is TextContent or FunctionCallContent or DataContent or UriContent;
}
