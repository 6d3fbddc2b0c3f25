using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OllamaSharp.Models.Chat;

namespace LlmRouter.Ollama;

/// <summary>
/// Where OllamaSharp does the wire part, this maps what it hands back: failures to <see cref="LlmException"/>, the final chunk's counts
/// to <see cref="UsageDetails"/>, <c>done_reason</c> to <see cref="ChatFinishReason"/>, tool calls to stable call ids, and
/// <c>/api/tags</c> names to <see cref="ModelDescriptor"/>s. Streaming and non-streaming answers go through the same functions.
/// </summary>
internal static class OllamaMapper
{
    /// <summary>The context window (and output limit) given to a discovered model the catalog does not know: Ollama's long-standing default <c>num_ctx</c> range.</summary>
    public const int DefaultContextWindow = 8192;

    private const string LatestTag = ":latest";

    /// <summary>Turns any failure of a call into an <see cref="LlmException"/> naming the provider, the model and the server's own message.</summary>
    /// <param name="exception">What was thrown.</param>
    /// <param name="endpoint">The server's address, for the message.</param>
    /// <param name="model">The model id, or <see langword="null"/> for calls without one (health, discovery).</param>
    /// <returns>The exception to throw.</returns>
    public static LlmException ToLlmException(Exception exception, Uri endpoint, string? model)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var server = Server(endpoint);
        switch (exception)
        {
            case LlmException llm:
                return llm;
            case OllamaWireException wire:
                return FromWire(wire, server, model);
            case HttpRequestException http when http.StatusCode is { } status:
                return Create(LlmErrorClassification.FromStatusCode((int)status), $"{server} answered HTTP {(int)status}{ForModel(model)}: {http.Message}", http, model, (int)status);
            case HttpRequestException http when IsUnreachable(http):
                return Create(
                    LlmErrorKind.Unavailable,
                    $"Ollama isn't running at {OllamaEndpoint.Display(endpoint)} ({http.Message}). Start it with 'ollama serve', or point OLLAMA_HOST or LlmRouter:Providers:ollama:Endpoint at the server.",
                    http,
                    model);
            case HttpRequestException or IOException:
                return Create(LlmErrorKind.Unavailable, $"The connection to {server} failed{ForModel(model)} before the answer was complete: {exception.Message}", exception, model);
            case OperationCanceledException or TimeoutException:
                return Create(LlmErrorKind.Timeout, $"{server} did not answer{ForModel(model)} within the network timeout.", exception, model);
            case OllamaSharp.Models.Exceptions.OllamaException ollama:
                return FromServerError(LlmErrorKind.InvalidRequest, 400, ollama.Message, server, model, ollama, retryAfter: null);
            case JsonException or FormatException or InvalidDataException or InvalidOperationException or NullReferenceException or InvalidCastException or KeyNotFoundException:
                return Create(LlmErrorKind.Unknown, $"{server} sent a response that could not be read{ForModel(model)}: {exception.Message}", exception, model);
            default:
                return Create(LlmErrorKind.Unknown, $"{server} failed{ForModel(model)}: {exception.GetType().Name}: {exception.Message}", exception, model);
        }
    }

    /// <summary>Reads the token counts of Ollama's final chunk: <c>prompt_eval_count</c> in, <c>eval_count</c> out.</summary>
    /// <param name="done">The final chunk.</param>
    /// <returns>The usage. Ollama reports no cached or reasoning counts.</returns>
    public static UsageDetails ToUsage(ChatDoneResponseStream done)
    {
        ArgumentNullException.ThrowIfNull(done);
        long input = done.PromptEvalCount;
        long output = done.EvalCount;
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }

    /// <summary>Maps <c>done_reason</c>: <c>length</c> → Length; otherwise ToolCalls when the answer calls tools, else Stop (also when the reason is missing, as in older servers).</summary>
    /// <param name="doneReason">The server's <c>done_reason</c>.</param>
    /// <param name="hasToolCalls">Whether the answer carried tool calls.</param>
    /// <returns>The finish reason.</returns>
    public static ChatFinishReason ToFinishReason(string? doneReason, bool hasToolCalls) => doneReason switch
    {
        "length" => ChatFinishReason.Length,
        _ when hasToolCalls => ChatFinishReason.ToolCalls,
        null or "" or "stop" or "load" or "unload" => ChatFinishReason.Stop,
        _ => new ChatFinishReason(doneReason),
    };

    /// <summary>Completes a non-streamed answer: usage and finish reason from the final chunk, stable tool-call ids.</summary>
    /// <param name="response">OllamaSharp's answer.</param>
    /// <returns>The same answer, completed.</returns>
    public static ChatResponse Normalize(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var calls = 0;
        foreach (var message in response.Messages)
        {
            message.Contents = WithStableCallIds(message.Contents, ref calls);
        }

        if (response.RawRepresentation is ChatDoneResponseStream done)
        {
            response.Usage = ToUsage(done);
            response.FinishReason = ToFinishReason(done.DoneReason, calls > 0);
        }
        else
        {
            response.FinishReason = ToFinishReason(null, calls > 0);
        }

        return response;
    }

    /// <summary>Completes a streamed update the same way: on the final chunk, one <see cref="UsageContent"/> and the finish reason.</summary>
    /// <param name="update">OllamaSharp's update.</param>
    /// <param name="state">What the stream has carried so far.</param>
    /// <returns>The same update, completed.</returns>
    public static ChatResponseUpdate Normalize(ChatResponseUpdate update, OllamaStreamState state)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(state);
        var calls = state.ToolCalls;
        var contents = WithStableCallIds(update.Contents, ref calls);
        state.ToolCalls = calls;
        if (update.RawRepresentation is ChatResponseStream { Done: true } final)
        {
            state.SawDone = true;
            var list = contents.Where(c => c is not UsageContent).ToList();
            if (final is ChatDoneResponseStream done)
            {
                list.Add(new UsageContent(ToUsage(done)));
                update.FinishReason = ToFinishReason(done.DoneReason, calls > 0);
            }
            else
            {
                update.FinishReason = ToFinishReason(null, calls > 0);
            }

            contents = list;
        }

        update.Contents = contents;
        return update;
    }

    /// <summary>
    /// A call id that is the same every time the same answer is read: the server's own id where it sends one (newer Ollama), else
    /// <c>call_&lt;index&gt;_&lt;hash of name and arguments&gt;</c> (the documented API has no ids; OllamaSharp would make random ones).
    /// </summary>
    /// <param name="index">The call's position in the answer.</param>
    /// <param name="name">The function's name.</param>
    /// <param name="arguments">The call's arguments.</param>
    /// <returns>The id.</returns>
    public static string StableCallId(int index, string name, IDictionary<string, object?>? arguments)
    {
        string json;
        try
        {
            json = arguments is null ? "null" : JsonSerializer.Serialize(arguments, AIJsonUtilities.DefaultOptions);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            json = string.Join(",", arguments!.Keys);
        }

        var hash = 2166136261u; // FNV-1a, 32 bits
        foreach (var b in Encoding.UTF8.GetBytes($"{name}\n{json}"))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return $"call_{index}_{hash:x8}";
    }

    /// <summary>
    /// Describes a model <c>/api/tags</c> lists. The id keeps Ollama's tag (<c>llama3.2:latest</c>, <c>qwen2.5-coder:7b</c>). Facts come from the
    /// catalog when it knows the model under that name or without <c>:latest</c>; otherwise the context window and output limit are
    /// <see cref="DefaultContextWindow"/>, capabilities Streaming and Tools (Embeddings only for names containing <c>embed</c>).
    /// A <c>name:latest</c> model whose bare name the catalog does not know gets the alias <c>ollama/name</c>, so that both
    /// <c>ollama/name</c> and <c>ollama/name:latest</c> resolve (when the catalog knows <c>ollama/name</c>, that entry already resolves it).
    /// </summary>
    /// <param name="name">The model's name as Ollama lists it.</param>
    /// <param name="catalog">The catalog to take facts from.</param>
    /// <returns>The descriptor: local tier, free.</returns>
    public static ModelDescriptor ToModelDescriptor(string name, ModelCatalog catalog)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(catalog);
        var id = name.Trim();
        var bare = WithoutLatestTag(id);
        var known = Find(catalog, id) ?? Find(catalog, bare);
        var isEmbedding = id.Contains("embed", StringComparison.OrdinalIgnoreCase);
        IReadOnlyList<string> aliases = !string.Equals(bare, id, StringComparison.Ordinal) && Find(catalog, bare) is null
            ? [$"{OllamaProvider.ProviderName}/{bare}"]
            : [];

        return new ModelDescriptor(OllamaProvider.ProviderName, id, ModelTier.Local)
        {
            Pricing = ModelPricing.Free,
            ContextWindow = known is { ContextWindow: > 0 } ? known.ContextWindow : DefaultContextWindow,
            MaxOutputTokens = known?.MaxOutputTokens ?? (isEmbedding ? 0 : DefaultContextWindow),
            Capabilities = known?.Capabilities ?? (isEmbedding ? ModelCapabilities.Embeddings : ModelCapabilities.Streaming | ModelCapabilities.Tools),
            Aliases = aliases,
        };
    }

    /// <summary>Drops a trailing <c>:latest</c>, the tag Ollama assumes when a name has none.</summary>
    /// <param name="name">A model name.</param>
    /// <returns>The name without <c>:latest</c>.</returns>
    public static string WithoutLatestTag(string name) =>
        name.EndsWith(LatestTag, StringComparison.OrdinalIgnoreCase) ? name[..^LatestTag.Length] : name;

    private static ModelDescriptor? Find(ModelCatalog catalog, string id) =>
        catalog.TryResolve($"{OllamaProvider.ProviderName}/{id}", out var model) && model.Provider == OllamaProvider.ProviderName ? model : null;

    private static IList<AIContent> WithStableCallIds(IList<AIContent> contents, ref int index)
    {
        List<AIContent>? copy = null;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is not FunctionCallContent call)
            {
                continue;
            }

            var id = (call.RawRepresentation as Message.ToolCall)?.Id is { Length: > 0 } wireId ? wireId : StableCallId(index, call.Name, call.Arguments);
            index++;
            if (id == call.CallId)
            {
                continue;
            }

            copy ??= [.. contents];
            copy[i] = new FunctionCallContent(id, call.Name, call.Arguments)
            {
                RawRepresentation = call.RawRepresentation,
                AdditionalProperties = call.AdditionalProperties,
                Annotations = call.Annotations,
                Exception = call.Exception,
                InformationalOnly = call.InformationalOnly,
            };
        }

        return copy ?? contents;
    }

    private static LlmException FromWire(OllamaWireException wire, string server, string? model)
    {
        var text = wire.ServerError ?? wire.Message;
        switch (wire.Failure)
        {
            case OllamaWireFailure.HttpStatus:
                var status = wire.StatusCode ?? 500;
                return FromServerError(LlmErrorClassification.FromStatusCode(status), status, text, server, model, wire, wire.RetryAfter);
            case OllamaWireFailure.StreamError:
                var kind = SaysModelNotFound(text) ? LlmErrorKind.ModelNotFound
                    : LlmErrorClassification.IsContextTooLong(text) ? LlmErrorKind.ContextTooLong
                    : LlmErrorKind.Unavailable;
                return kind == LlmErrorKind.ModelNotFound
                    ? ModelNotFound(server, model, text, wire, statusCode: null)
                    : Create(kind, $"{server} reported an error while generating{ForModel(model)}: {text}", wire, model);
            case OllamaWireFailure.Truncated:
                return Create(LlmErrorKind.Unavailable, $"The answer from {server}{ForModel(model)} was cut short: {text}.", wire, model);
            default:
                return Create(LlmErrorKind.Unknown, $"{server} sent a malformed response{ForModel(model)}: {text}", wire, model);
        }
    }

    private static LlmException FromServerError(LlmErrorKind kind, int status, string text, string server, string? model, Exception inner, TimeSpan? retryAfter)
    {
        if (status == 404 || SaysModelNotFound(text))
        {
            return ModelNotFound(server, model, text, inner, status);
        }

        if (LlmErrorClassification.IsContextTooLong(text))
        {
            kind = LlmErrorKind.ContextTooLong;
        }

        var advice = kind switch
        {
            LlmErrorKind.Authentication => " Set ApiKey (or OLLAMA_API_KEY) to the key the server or its proxy expects.",
            LlmErrorKind.InvalidRequest when text.Contains("does not support tools", StringComparison.OrdinalIgnoreCase) => " Use a model with tool support (llama3.2, qwen2.5-coder, qwen3) or send no tools.",
            _ => string.Empty,
        };
        return Create(kind, $"{server} answered HTTP {status}{ForModel(model)}: {text}.{advice}", inner, model, status, retryAfter);
    }

    private static LlmException ModelNotFound(string server, string? model, string text, Exception inner, int? statusCode)
    {
        var name = model ?? "<model>";
        return Create(
            LlmErrorKind.ModelNotFound,
            $"{server} does not have model '{name}' ({text}). Download it with 'ollama pull {name}'.",
            inner,
            model,
            statusCode);
    }

    private static bool SaysModelNotFound(string text) =>
        text.Contains("not found", StringComparison.OrdinalIgnoreCase) && text.Contains("model", StringComparison.OrdinalIgnoreCase);

    private static bool IsUnreachable(HttpRequestException http) =>
        http.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError ||
        http.InnerException is SocketException;

    private static LlmException Create(LlmErrorKind kind, string message, Exception inner, string? model, int? statusCode = null, TimeSpan? retryAfter = null) =>
        new(kind, message, inner)
        {
            Provider = OllamaProvider.ProviderName,
            Model = model,
            StatusCode = statusCode,
            RetryAfter = retryAfter,
        };

    private static string Server(Uri endpoint) => $"Ollama at {OllamaEndpoint.Display(endpoint)}";

    private static string ForModel(string? model) => model is null ? string.Empty : $" for '{model}'";
}
