using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>
/// Upper bounds of the tokens and cost a provider can bill for a request, whatever the text's script: what budgets reserve.
/// Kept apart from <see cref="TokenEstimator"/>, the typical size routing and context-window checks use.
/// </summary>
/// <remarks>
/// <para>Input: every tokenizer in use (byte-level BPE, SentencePiece with byte fallback) gives each token at least one UTF-8 byte, so
/// a text has at most as many tokens as UTF-8 bytes; a Chinese character is three bytes and about one token, an emoji four bytes and
/// one to three tokens, English about four bytes a token. To that come <see cref="PerMessage"/> tokens a message (role markers,
/// separators), <see cref="PerRequest"/> a request (start and reply priming), tools (name, description and schema as UTF-8, plus
/// <see cref="PerTool"/>), a response schema, function calls and results as their JSON, and <see cref="PerImage"/> per image.</para>
/// <para>Output: the request's <see cref="ChatOptions.MaxOutputTokens"/>, never more than the model's
/// <see cref="ModelDescriptor.MaxOutputTokens"/>; without either, the model's context window, else
/// <see cref="RoutingCost.UnknownWorstCaseOutputTokens"/>. The window is not reduced by the input: its lower bound is unknown.</para>
/// <para>Price: input at the highest input rate the model has (cache writes can cost more than plain input), output at the output rate.</para>
/// <para>Not bounded: what a provider adds on its own (hosted tools' search results, documents billed per page beyond their size).</para>
/// </remarks>
internal static class TokenBound
{
    /// <summary>Tokens a message may take beyond its content: role markers and separators (OpenAI counts 3, chat templates up to ~6).</summary>
    public const int PerMessage = 16;

    /// <summary>Tokens a request may take beyond its messages: start markers and the priming of the reply.</summary>
    public const int PerRequest = 16;

    /// <summary>Tokens a tool definition may take beyond its name, description and schema.</summary>
    public const int PerTool = 32;

    /// <summary>The most tokens one image (or document, audio or file reference beyond its bytes) is billed: a high-detail image is
    /// billed up to ~37,000 tokens by some models (OpenAI's gpt-4o-mini), under 5,000 by most.</summary>
    public const int PerImage = 40_000;

    /// <summary>Gets the most input tokens a request can be billed.</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="options">The options (instructions, tools, response schema).</param>
    /// <returns>The upper bound.</returns>
    public static long InputTokens(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        long tokens = PerRequest;
        for (var i = 0; i < messages.Count; i++)
        {
            tokens += Message(messages[i]);
        }

        if (options is null)
        {
            return tokens;
        }

        if (options.Instructions is { } instructions)
        {
            tokens += PerMessage + Encoding.UTF8.GetByteCount(instructions);
        }

        if (options.Tools is { Count: > 0 } tools)
        {
            foreach (var tool in tools)
            {
                tokens += PerTool + Bytes(tool.Name) + Bytes(tool.Description);
                tokens += tool is AIFunctionDeclaration function ? Bytes(function.JsonSchema.GetRawText()) : PerImage;
            }
        }

        if (options.ResponseFormat is ChatResponseFormatJson { Schema: { } schema } json)
        {
            tokens += Bytes(schema.GetRawText()) + Bytes(json.SchemaName) + Bytes(json.SchemaDescription);
        }

        return tokens;
    }

    /// <summary>Gets the most input tokens a request can be billed once a message is added to it.</summary>
    /// <param name="inputTokens">The request's bound so far.</param>
    /// <param name="message">The added message.</param>
    /// <returns>The upper bound.</returns>
    public static long WithMessage(long inputTokens, ChatMessage message) => inputTokens + Message(message);

    /// <summary>Gets the most output tokens a request can be billed on a model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="options">The request's options.</param>
    /// <returns>The upper bound.</returns>
    public static long OutputTokens(ModelDescriptor model, ChatOptions? options)
    {
        long output = options?.MaxOutputTokens is int requested && requested > 0 ? requested : 0;
        if (model.MaxOutputTokens > 0)
        {
            output = output > 0 ? Math.Min(output, model.MaxOutputTokens) : model.MaxOutputTokens;
        }

        if (output > 0)
        {
            return output;
        }

        return model.ContextWindow > 0 ? model.ContextWindow : RoutingCost.UnknownWorstCaseOutputTokens;
    }

    /// <summary>Gets the most a request can cost on a model in USD: the budget reservation.</summary>
    /// <param name="model">The model.</param>
    /// <param name="inputTokens">The request's input bound (<see cref="InputTokens"/>).</param>
    /// <param name="options">The request's options.</param>
    /// <returns>The upper bound in USD.</returns>
    public static decimal Cost(ModelDescriptor model, long inputTokens, ChatOptions? options)
    {
        var pricing = model.Pricing;
        var inputRate = Math.Max(pricing.InputPerMillion, Math.Max(pricing.CacheWritePerMillion ?? 0m, pricing.CachedInputPerMillion ?? 0m));
        return ((Math.Max(0, inputTokens) * inputRate) + (OutputTokens(model, options) * pricing.OutputPerMillion)) / 1_000_000m;
    }

    private static long Message(ChatMessage message)
    {
        long tokens = PerMessage + Bytes(message.AuthorName);
        var contents = message.Contents;
        for (var j = 0; j < contents.Count; j++)
        {
            tokens += contents[j] switch
            {
                TextContent t => Bytes(t.Text),
                TextReasoningContent r => Bytes(r.Text),
                DataContent d when d.HasTopLevelMediaType("image") => PerImage,
                DataContent d => d.Data.Length + PerImage,
                UriContent u => PerImage + Bytes(u.Uri.OriginalString),
                UsageContent => 0,
                var other => Json(other),
            };
        }

        return tokens;
    }

    private static int Bytes(string? text) => string.IsNullOrEmpty(text) ? 0 : Encoding.UTF8.GetByteCount(text);

    // Function calls and results, and content types the router does not know, are sent as JSON at most as long as their own.
    private static long Json(AIContent content)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(content, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(AIContent))).Length;
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            return PerImage; // not serialisable: the most one piece of content is assumed to be billed
        }
    }
}
