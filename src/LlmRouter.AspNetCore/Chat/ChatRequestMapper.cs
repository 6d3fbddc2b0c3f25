using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmRouter.AspNetCore;

/// <summary>
/// Maps an OpenAI chat request to Microsoft.Extensions.AI messages and options, and refuses, with a 400 naming the field,
/// anything a provider would refuse or the gateway cannot pass on: so a bad request never reaches a provider.
/// </summary>
internal sealed class ChatRequestMapper
{
    private static readonly JsonElement EmptyParameters = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    private readonly GatewayModels _models;

    public ChatRequestMapper(GatewayModels models)
    {
        _models = models;
    }

    /// <exception cref="GatewayException">The request is invalid (400) or names a model the gateway does not serve (404).</exception>
    public ChatCall Map(ChatCompletionRequest request, GatewayCaller caller)
    {
        var requested = request.Model?.Trim();
        ModelDescriptor? model = requested is not null && _models.IsAuto(requested) ? null : _models.Resolve(requested, embeddings: false);
        var messages = MapMessages(request.Messages);
        var options = MapOptions(request, model);
        if (Hints(request.Llmrouter, caller) is { } hints)
        {
            options = options.WithRouting(hints);
        }

        var stream = request.Stream == true;
        return new ChatCall(messages, options, requested!, stream, stream && request.StreamOptions?.IncludeUsage == true);
    }

    private static ChatOptions MapOptions(ChatCompletionRequest r, ModelDescriptor? model)
    {
        if (r.N is { } n && n != 1)
        {
            throw Bad("'n' must be 1: the gateway returns one choice per request.", "n");
        }

        if (r.Logprobs == true || r.TopLogprobs is > 0)
        {
            throw Bad("'logprobs' is not supported by the gateway: not every provider it routes to returns them.", "logprobs");
        }

        var options = new ChatOptions
        {
            ModelId = model?.Key,
            Temperature = Range(r.Temperature, 0, 2, "temperature"),
            TopP = Range(r.TopP, 0, 1, "top_p"),
            PresencePenalty = Range(r.PresencePenalty, -2, 2, "presence_penalty"),
            FrequencyPenalty = Range(r.FrequencyPenalty, -2, 2, "frequency_penalty"),
            Seed = r.Seed,
            AllowMultipleToolCalls = r.ParallelToolCalls,
        };

        var maxTokens = r.MaxCompletionTokens ?? r.MaxTokens;
        if (maxTokens is { } max)
        {
            options.MaxOutputTokens = max > 0 ? max : throw Bad("'max_completion_tokens' (or 'max_tokens') must be at least 1.", r.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens");
        }

        if (r.Stop is { Count: > 0 } stop)
        {
            if (stop.Exists(string.IsNullOrEmpty))
            {
                throw Bad("'stop' sequences must not be empty.", "stop");
            }

            options.StopSequences = stop;
        }

        if (r.Tools is { Count: > 0 } tools)
        {
            options.Tools = MapTools(tools);
        }

        options.ToolMode = MapToolChoice(r.ToolChoice, options.Tools);
        options.ResponseFormat = MapResponseFormat(r.ResponseFormat, options);
        if (r.ReasoningEffort is { } effort)
        {
            options.Reasoning = new ReasoningOptions { Effort = MapEffort(effort) };
        }

        return options;
    }

    private static List<ChatMessage> MapMessages(List<ChatMessageDto?>? messages)
    {
        if (messages is not { Count: > 0 })
        {
            throw Bad("'messages' must hold at least one message.", "messages");
        }

        var list = new List<ChatMessage>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i] ?? throw Bad($"messages[{i}] is null.", $"messages[{i}]");
            var message = m.Role switch
            {
                "system" or "developer" => new ChatMessage(ChatRole.System, Text(m.Content, i, required: true)),
                "user" => new ChatMessage(ChatRole.User, UserContents(m.Content, i)),
                "assistant" => Assistant(m, i),
                "tool" => Tool(m, i),
                null => throw Bad($"messages[{i}].role is required.", $"messages[{i}].role"),
                _ => throw Bad($"messages[{i}].role '{m.Role}' is not one of system, developer, user, assistant, tool.", $"messages[{i}].role"),
            };

            if (!string.IsNullOrEmpty(m.Name))
            {
                message.AuthorName = m.Name;
            }

            list.Add(message);
        }

        return list;
    }

    private static ChatMessage Assistant(ChatMessageDto m, int i)
    {
        var contents = new List<AIContent>();
        var text = Text(m.Content, i, required: false);
        if (!string.IsNullOrEmpty(text))
        {
            contents.Add(new TextContent(text));
        }

        if (m.ToolCalls is { } calls)
        {
            for (var c = 0; c < calls.Count; c++)
            {
                var at = $"messages[{i}].tool_calls[{c}]";
                var call = calls[c] ?? throw Bad($"{at} is null.", at);
                if (string.IsNullOrEmpty(call.Id) || call.Function?.Name is not { Length: > 0 } name)
                {
                    throw Bad($"{at} needs an 'id' and a 'function.name'.", at);
                }

                contents.Add(new FunctionCallContent(call.Id, name, Arguments(call.Function.Arguments, at)));
            }
        }

        if (contents.Count == 0)
        {
            throw Bad($"messages[{i}] (assistant) needs 'content' or 'tool_calls'.", $"messages[{i}].content");
        }

        return new ChatMessage(ChatRole.Assistant, contents);
    }

    private static ChatMessage Tool(ChatMessageDto m, int i)
    {
        if (string.IsNullOrEmpty(m.ToolCallId))
        {
            throw Bad($"messages[{i}] (tool) needs 'tool_call_id': the id of the tool call it answers.", $"messages[{i}].tool_call_id");
        }

        return new ChatMessage(ChatRole.Tool, [new FunctionResultContent(m.ToolCallId, Text(m.Content, i, required: false) ?? string.Empty)]);
    }

    /// <summary>Reads the text of a message whose content may be a string or text parts.</summary>
    private static string? Text(MessageContent? content, int i, bool required)
    {
        if (content?.Parts is { } parts)
        {
            var text = new System.Text.StringBuilder();
            for (var p = 0; p < parts.Count; p++)
            {
                var part = parts[p];
                if (part?.Type is not "text" || part.Text is null)
                {
                    throw Bad($"messages[{i}].content[{p}] must be a text part here.", $"messages[{i}].content[{p}]");
                }

                text.Append(part.Text);
            }

            return text.ToString();
        }

        if (content?.Text is null && required)
        {
            throw Bad($"messages[{i}].content is required.", $"messages[{i}].content");
        }

        return content?.Text;
    }

    private static List<AIContent> UserContents(MessageContent? content, int i)
    {
        if (content is null || (content.Text is null && content.Parts is null))
        {
            throw Bad($"messages[{i}].content is required.", $"messages[{i}].content");
        }

        if (content.Parts is not { } parts)
        {
            return [new TextContent(content.Text)];
        }

        if (parts.Count == 0)
        {
            throw Bad($"messages[{i}].content must not be an empty array.", $"messages[{i}].content");
        }

        var contents = new List<AIContent>(parts.Count);
        for (var p = 0; p < parts.Count; p++)
        {
            contents.Add(Part(parts[p], $"messages[{i}].content[{p}]"));
        }

        return contents;
    }

    private static AIContent Part(ContentPartDto? part, string at)
    {
        switch (part?.Type)
        {
            case "text" when part.Text is not null:
                return new TextContent(part.Text);
            case "image_url" when part.ImageUrl?.Url is { Length: > 0 } url:
                var image = Media(url, "image/*", at + ".image_url.url");
                if (part.ImageUrl.Detail is { Length: > 0 } detail)
                {
                    if (detail is not ("auto" or "low" or "high"))
                    {
                        throw Bad($"{at}.image_url.detail must be auto, low or high.", at + ".image_url.detail");
                    }

                    image.AdditionalProperties = new() { ["detail"] = detail };
                }

                return image;
            case "input_audio" when part.InputAudio is { Data.Length: > 0 } audio:
                var mediaType = audio.Format switch
                {
                    "wav" => "audio/wav",
                    "mp3" => "audio/mpeg",
                    _ => throw Bad($"{at}.input_audio.format must be wav or mp3.", at + ".input_audio.format"),
                };
                return new DataContent(Base64(audio.Data, at + ".input_audio.data"), mediaType);
            case "file" when part.File?.FileData is { Length: > 0 } data:
                var file = (DataContent)Media(data, null, at + ".file.file_data");
                file.Name = part.File.Filename;
                return file;
            case "file" when part.File?.FileId is not null:
                throw Bad($"{at}.file.file_id is not supported by the gateway: send the file inline as file_data (a data: URI).", at + ".file.file_id");
            case null:
                throw Bad($"{at}.type is required.", at + ".type");
            default:
                throw Bad($"{at} of type '{part.Type}' is missing its data or is not supported (text, image_url, input_audio, file).", at);
        }
    }

    /// <summary>A <c>data:</c> URI becomes inline data; an <c>http(s):</c> URL a reference the provider fetches.</summary>
    private static AIContent Media(string url, string? remoteMediaType, string at)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new DataContent(url);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
            {
                throw Bad($"{at} is not a valid data: URI ({ex.Message}).", at);
            }
        }

        if (remoteMediaType is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return new UriContent(uri, remoteMediaType);
        }

        throw Bad($"{at} must be an http(s) URL or a data: URI.", at);
    }

    private static byte[] Base64(string data, string at)
    {
        try
        {
            return Convert.FromBase64String(data);
        }
        catch (FormatException)
        {
            throw Bad($"{at} is not valid base64.", at);
        }
    }

    private static Dictionary<string, object?> Arguments(string? json, string at)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Bad($"{at}.function.arguments must be a JSON object in a string.", at + ".function.arguments");
            }

            var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                arguments[property.Name] = property.Value.Clone();
            }

            return arguments;
        }
        catch (JsonException)
        {
            throw Bad($"{at}.function.arguments is not valid JSON.", at + ".function.arguments");
        }
    }

    private static List<AITool> MapTools(List<ToolDto?> tools)
    {
        var list = new List<AITool>(tools.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var t = 0; t < tools.Count; t++)
        {
            var at = $"tools[{t}]";
            var tool = tools[t];
            if (tool?.Type is not "function" || tool.Function is not { } function)
            {
                throw Bad($"{at} must be {{\"type\":\"function\",\"function\":{{…}}}}: the gateway passes function tools only.", at);
            }

            if (string.IsNullOrWhiteSpace(function.Name))
            {
                throw Bad($"{at}.function.name is required.", at + ".function.name");
            }

            if (!names.Add(function.Name))
            {
                throw Bad($"{at}.function.name '{function.Name}' repeats an earlier tool's name.", at + ".function.name");
            }

            var schema = function.Parameters ?? EmptyParameters;
            if (schema.ValueKind != JsonValueKind.Object)
            {
                throw Bad($"{at}.function.parameters must be a JSON schema object.", at + ".function.parameters");
            }

            list.Add(new DeclaredTool(function.Name, function.Description, schema, function.Strict == true));
        }

        return list;
    }

    private static ChatToolMode? MapToolChoice(ToolChoiceDto? choice, IList<AITool>? tools)
    {
        if (choice is null)
        {
            return null;
        }

        if (choice.FunctionName is { } name)
        {
            if (tools is null || !tools.Any(t => t.Name == name))
            {
                throw Bad($"'tool_choice' names the function '{name}', which is not among 'tools'.", "tool_choice");
            }

            return ChatToolMode.RequireSpecific(name);
        }

        return choice.Mode switch
        {
            "none" => ChatToolMode.None,
            "auto" => ChatToolMode.Auto,
            "required" when tools is { Count: > 0 } => ChatToolMode.RequireAny,
            "required" => throw Bad("'tool_choice' is \"required\" but 'tools' is empty.", "tool_choice"),
            _ => throw Bad("'tool_choice' must be \"none\", \"auto\", \"required\" or name a function.", "tool_choice"),
        };
    }

    private static ChatResponseFormat? MapResponseFormat(ResponseFormatDto? format, ChatOptions options)
    {
        switch (format?.Type)
        {
            case null:
                return format is null ? null : throw Bad("'response_format.type' is required.", "response_format.type");
            case "text":
                return ChatResponseFormat.Text;
            case "json_object":
                return ChatResponseFormat.Json;
            case "json_schema":
                var schema = format.JsonSchema;
                if (schema?.Schema is not { ValueKind: JsonValueKind.Object } body || string.IsNullOrWhiteSpace(schema.Name))
                {
                    throw Bad("'response_format.json_schema' needs a 'name' and a 'schema' object.", "response_format.json_schema");
                }

                if (schema.Strict == true)
                {
                    (options.AdditionalProperties ??= [])["strict"] = true;
                }

                return ChatResponseFormat.ForJsonSchema(body, schema.Name, schema.Description);
            default:
                throw Bad($"'response_format.type' '{format.Type}' is not one of text, json_object, json_schema.", "response_format.type");
        }
    }

    private static ReasoningEffort MapEffort(string effort) => effort switch
    {
        "none" => ReasoningEffort.None,
        "minimal" or "low" => ReasoningEffort.Low,
        "medium" => ReasoningEffort.Medium,
        "high" => ReasoningEffort.High,
        "xhigh" => ReasoningEffort.ExtraHigh,
        _ => throw Bad($"'reasoning_effort' '{effort}' is not one of none, minimal, low, medium, high, xhigh.", "reasoning_effort"),
    };

    private static RoutingHints? Hints(RoutingHintsDto? dto, GatewayCaller caller)
    {
        if (dto is null)
        {
            return caller.Tenant is null ? null : new RoutingHints { Tenant = caller.Tenant };
        }

        if (dto.QualityTarget is { } target && (target < 0 || target > 1 || double.IsNaN(target)))
        {
            throw Bad("'llmrouter.quality_target' must be between 0 and 1.", "llmrouter.quality_target");
        }

        if (dto.MaxCost is < 0)
        {
            throw Bad("'llmrouter.max_cost' must not be negative.", "llmrouter.max_cost");
        }

        return new RoutingHints
        {
            Tenant = caller.Tenant,
            Strategy = string.IsNullOrWhiteSpace(dto.Strategy) ? null : dto.Strategy,
            MinTier = Tier(dto.MinTier, "llmrouter.min_tier"),
            MaxTier = Tier(dto.MaxTier, "llmrouter.max_tier"),
            MaxCost = dto.MaxCost,
            QualityTarget = dto.QualityTarget,
            AllowedModels = dto.Models is { Count: > 0 } models ? models : null,
        };
    }

    private static ModelTier? Tier(string? tier, string param)
    {
        if (tier is null)
        {
            return null;
        }

        return Enum.TryParse<ModelTier>(tier, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw Bad($"'{param}' must be one of local, fast, balanced, smart, frontier.", param);
    }

    private static float? Range(float? value, float min, float max, string param) =>
        value is not { } v || (v >= min && v <= max) ? value : throw Bad(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"'{param}' must be between {min} and {max}; it is {v}."), param);

    private static GatewayException Bad(string message, string? param) => new(GatewayError.BadRequest(message, param));
}
