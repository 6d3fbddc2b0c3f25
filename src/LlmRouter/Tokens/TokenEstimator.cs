using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>
/// Estimates a request's size in tokens, the size routing, context-window checks and trimming use: every text through the
/// <see cref="ITokenCounter"/>, plus what a provider adds for the request, each message, image, tool and function call.
/// </summary>
/// <remarks>
/// The estimate is a request's typical size, not a bound; budgets reserve <see cref="TokenBound"/>. A request's estimate is the sum of
/// <see cref="Request"/> and <see cref="Message"/> for each message, so dropping a message lowers it by exactly that message's estimate.
/// </remarks>
internal sealed class TokenEstimator
{
    /// <summary>Tokens a request takes beyond its messages: the priming of the reply (OpenAI counts 3).</summary>
    public const int PerRequest = 3;

    /// <summary>Tokens a message takes beyond its content: role and separators (OpenAI counts 3, chat templates 4–6).</summary>
    public const int PerMessage = 4;

    /// <summary>Tokens an image, document or other media takes: a typical image (OpenAI bills 765 for a 1024×1024 image at high
    /// detail, Anthropic about 1,600 for a large one).</summary>
    public const int PerImage = 1_000;

    /// <summary>Tokens a tool definition takes beyond its name, description and JSON schema.</summary>
    public const int PerTool = 8;

    /// <summary>Tokens a function call or result takes beyond its name, call id, arguments or result.</summary>
    public const int PerFunctionContent = 8;

    /// <summary>Tokens an argument of a function call takes beyond its name and value (quotes, colon, comma).</summary>
    public const int PerArgument = 2;

    private readonly ITokenCounter _counter;

    // Tool definitions and response schemas are the same instances request after request: each is counted once.
    private readonly ConditionalWeakTable<object, StrongBox<int>> _definitions = [];

    public TokenEstimator(ITokenCounter counter)
    {
        _counter = counter;
    }

    /// <summary>Gets the estimator of <see cref="HeuristicTokenCounter"/>.</summary>
    public static TokenEstimator Default { get; } = new(HeuristicTokenCounter.Instance);

    /// <summary>Estimates a request: <see cref="Request"/> plus every message.</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="options">The options (instructions, tools, response schema).</param>
    /// <returns>The estimate, at most <see cref="int.MaxValue"/>.</returns>
    public int Estimate(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        long total = Request(options);
        for (var i = 0; i < messages.Count; i++)
        {
            total += Message(messages[i]);
        }

        return Clamp(total);
    }

    /// <summary>Estimates what a request takes beyond its messages: the reply's priming, instructions, tools and response schema.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The estimate.</returns>
    public int Request(ChatOptions? options)
    {
        long total = PerRequest;
        if (options is null)
        {
            return PerRequest;
        }

        if (options.Instructions is { } instructions)
        {
            total += PerMessage + Count(instructions);
        }

        if (options.Tools is { Count: > 0 } tools)
        {
            for (var i = 0; i < tools.Count; i++)
            {
                total += Definition(tools[i]);
            }
        }

        if (options.ResponseFormat is ChatResponseFormatJson { Schema: not null } json)
        {
            total += Definition(json);
        }

        return Clamp(total);
    }

    /// <summary>Estimates one message: its role and separators, author name and every content.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The estimate.</returns>
    public int Message(ChatMessage message)
    {
        long total = PerMessage;
        if (message.AuthorName is { } author)
        {
            total += Count(author);
        }

        total += Contents(message.Contents);
        return Clamp(total);
    }

    /// <summary>Estimates contents alone (a message's, or a streamed update's): texts, reasoning, function calls and results, media.</summary>
    /// <param name="contents">The contents.</param>
    /// <returns>The estimate; 0 for contents that carry no tokens (usage, for instance).</returns>
    public long Contents(IList<AIContent> contents)
    {
        long total = 0;
        for (var j = 0; j < contents.Count; j++)
        {
            total += contents[j] switch
            {
                TextContent t => Count(t.Text),
                TextReasoningContent r => Count(r.Text),
                FunctionCallContent call => FunctionCall(call),
                FunctionResultContent result => PerFunctionContent + Count(result.CallId) + Value(result.Result),
                DataContent or UriContent or HostedFileContent => PerImage,
                _ => 0,
            };
        }

        return total;
    }

    /// <summary>
    /// Gets a cheap upper bound of <see cref="Estimate"/>: <see cref="HeuristicTokenCounter.MaxTokensPerCharacter"/> a character, counted
    /// without reading the text; for requests whose plan does not read the estimate, only to check that every planned window holds it.
    /// </summary>
    /// <param name="messages">The messages.</param>
    /// <param name="options">The options.</param>
    /// <returns>The bound, or -1 when none is cheap: a counter other than <see cref="HeuristicTokenCounter"/>, or content other than text
    /// (function calls, media), tools or a response schema.</returns>
    public int QuickBound(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        if (_counter is not HeuristicTokenCounter || options?.Tools is { Count: > 0 } || options?.ResponseFormat is ChatResponseFormatJson { Schema: not null })
        {
            return -1;
        }

        // Each text's estimate is at most MaxTokensPerCharacter a character, plus one for rounding up.
        long characters = 0, texts = 0;
        if (options?.Instructions is { } instructions)
        {
            characters += instructions.Length;
            texts++;
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            characters += message.AuthorName?.Length ?? 0;
            texts++;
            var contents = message.Contents;
            for (var j = 0; j < contents.Count; j++)
            {
                if (contents[j] is not TextContent text)
                {
                    return -1;
                }

                characters += text.Text?.Length ?? 0;
                texts++;
            }
        }

        var bound = PerRequest + ((messages.Count + (options?.Instructions is null ? 0 : 1)) * (long)PerMessage)
            + (characters * HeuristicTokenCounter.MaxTokensPerCharacter) + texts;
        return Clamp(bound);
    }

    private static int Clamp(long tokens) => (int)Math.Min(tokens, int.MaxValue);

    private int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : _counter.CountTokens(text);

    private long FunctionCall(FunctionCallContent call)
    {
        long total = PerFunctionContent + Count(call.Name) + Count(call.CallId);
        if (call.Arguments is { Count: > 0 } arguments)
        {
            foreach (var (name, value) in arguments)
            {
                total += PerArgument + Count(name) + Value(value);
            }
        }

        return total;
    }

    /// <summary>Estimates a value as a provider sends it: a string as it is, anything else as JSON.</summary>
    private int Value(object? value) => value switch
    {
        null => 1,
        string s => Count(s),
        JsonElement e => Count(e.GetRawText()),
        _ => Count(Json(value)),
    };

    private int Definition(object definition)
    {
        if (_definitions.TryGetValue(definition, out var known))
        {
            return known.Value;
        }

        var tokens = definition switch
        {
            AIFunctionDeclaration f => PerTool + Count(f.Name) + Count(f.Description) + Count(f.JsonSchema.GetRawText()),
            AITool tool => PerTool + Count(tool.Name) + Count(tool.Description),
            ChatResponseFormatJson json => Count(json.SchemaName) + Count(json.SchemaDescription) + Count(json.Schema?.GetRawText()),
            _ => 0,
        };
        _definitions.AddOrUpdate(definition, new StrongBox<int>(tokens));
        return tokens;
    }

    private static string? Json(object value)
    {
        try
        {
            return JsonSerializer.Serialize(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            return value.ToString();
        }
    }
}
