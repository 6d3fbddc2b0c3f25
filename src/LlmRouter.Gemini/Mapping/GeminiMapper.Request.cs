using System.Buffers;
using System.Text.Json;
using LlmRouter.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmRouter.Gemini.Mapping;

/// <summary>Maps between Microsoft.Extensions.AI types and the Gemini wire types. This part: chat requests.</summary>
internal static partial class GeminiMapper
{
    /// <summary>The value Gemini accepts in place of a thought signature for function calls it did not produce (history from another model).</summary>
    /// <remarks>Base64 of the UTF-8 text <c>skip_thought_signature_validator</c>; sent only to Gemini 3 models, which require signatures.</remarks>
    internal const string SkipThoughtSignature = "c2tpcF90aG91Z2h0X3NpZ25hdHVyZV92YWxpZGF0b3I=";

    /// <summary>Builds a <c>generateContent</c> body. Never mutates <paramref name="messages"/> or <paramref name="options"/>.</summary>
    /// <param name="messages">The conversation. System messages (wherever they are) go to <c>systemInstruction</c>, or become the user turn when there is nothing else.</param>
    /// <param name="options">The options, or <see langword="null"/>.</param>
    /// <param name="modelId">The model the request is for (some settings depend on the model family).</param>
    /// <returns>The request.</returns>
    /// <exception cref="NotSupportedException">A feature Gemini's <c>generateContent</c> lacks was asked for.</exception>
    /// <exception cref="ArgumentException">No message has content Gemini can take.</exception>
    public static GeminiGenerateContentRequest ToRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string modelId)
    {
        ArgumentNullException.ThrowIfNull(messages);
        RejectUnsupported(options);

        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var request = new GeminiGenerateContentRequest();
        var system = new List<GeminiPart>();
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            system.Add(new GeminiPart { Text = options.Instructions });
        }

        var calls = IndexFunctionCalls(list);
        var requiresSignatures = RequiresThoughtSignatures(modelId);
        foreach (var message in list)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            if (message.Role == ChatRole.System)
            {
                system.AddRange(message.Contents.OfType<TextContent>().Where(t => !string.IsNullOrEmpty(t.Text)).Select(t => new GeminiPart { Text = t.Text }));
                continue;
            }

            var role = message.Role == ChatRole.Assistant ? "model" : "user";
            var parts = ToParts(message, calls);
            if (parts.Count == 0)
            {
                continue;
            }

            // Gemini wants alternating turns and all responses to one set of parallel calls in one turn: merge neighbours of the same role.
            if (request.Contents.Count > 0 && request.Contents[^1] is { } last && last.Role == role)
            {
                last.Parts!.AddRange(parts);
            }
            else
            {
                request.Contents.Add(new GeminiContent { Role = role, Parts = parts });
            }
        }

        if (requiresSignatures)
        {
            AddMissingThoughtSignatures(request.Contents);
        }

        if (request.Contents.Count == 0 && system.Count > 0)
        {
            // Gemini refuses a request without contents; a prompt given only as system text ("Write a haiku") is sent as the user turn.
            request.Contents.Add(new GeminiContent { Role = "user", Parts = system });
        }
        else if (system.Count > 0)
        {
            request.SystemInstruction = new GeminiContent { Parts = system };
        }

        if (request.Contents.Count == 0)
        {
            throw new ArgumentException("Gemini needs at least one message with content (text, data, a function call or result).", nameof(messages));
        }

        if (options is not null)
        {
            ApplyTools(request, options);
            request.GenerationConfig = ToGenerationConfig(options, modelId);
        }

        return request;
    }

    private static void RejectUnsupported(ChatOptions? options)
    {
        if (options is null)
        {
            return;
        }

        if (!string.IsNullOrEmpty(options.ConversationId))
        {
            throw new NotSupportedException("Gemini's generateContent API keeps no conversation state, so ChatOptions.ConversationId is not supported; send the whole history in the messages instead.");
        }

        if (options.ContinuationToken is not null)
        {
            throw new NotSupportedException("Gemini's generateContent API has no background responses, so ChatOptions.ContinuationToken is not supported; make a normal (or streaming) call instead.");
        }
    }

    /// <summary>Maps each function call's id to its function name (a <c>functionResponse</c> needs the name) and wire id.</summary>
    private static Dictionary<string, FunctionCallContent> IndexFunctionCalls(IReadOnlyList<ChatMessage> messages)
    {
        var calls = new Dictionary<string, FunctionCallContent>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            if (message is null)
            {
                continue;
            }

            foreach (var content in message.Contents)
            {
                if (content is FunctionCallContent call && !string.IsNullOrEmpty(call.CallId))
                {
                    calls[call.CallId] = call;
                }
            }
        }

        return calls;
    }

    private static List<GeminiPart> ToParts(ChatMessage message, Dictionary<string, FunctionCallContent> calls)
    {
        var parts = new List<GeminiPart>(message.Contents.Count);
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent text when !string.IsNullOrEmpty(text.Text):
                    parts.Add(new GeminiPart { Text = text.Text });
                    break;

                case TextReasoningContent reasoning:
                    AddReasoning(parts, reasoning);
                    break;

                case DataContent data:
                    parts.Add(new GeminiPart { InlineData = new GeminiBlob { MimeType = data.MediaType, Data = data.Base64Data.ToString() } });
                    break;

                case UriContent uri:
                    parts.Add(new GeminiPart { FileData = new GeminiFileData { MimeType = uri.MediaType, FileUri = uri.Uri.ToString() } });
                    break;

                case FunctionCallContent call:
                    parts.Add(new GeminiPart
                    {
                        FunctionCall = new GeminiFunctionCall
                        {
                            Id = WireCallId(call),
                            Name = call.Name,
                            Args = call.Arguments is null ? EmptyObject : SerializeArguments(call.Arguments),
                        },
                    });
                    break;

                case FunctionResultContent result:
                    calls.TryGetValue(result.CallId ?? string.Empty, out var matching);
                    parts.Add(new GeminiPart
                    {
                        FunctionResponse = new GeminiFunctionResponse
                        {
                            Id = matching is null ? null : WireCallId(matching),
                            Name = matching?.Name ?? result.CallId,
                            Response = ToFunctionResponse(result),
                        },
                    });
                    break;

                case HostedFileContent:
                    throw new NotSupportedException("Gemini cannot take HostedFileContent; pass an uploaded file as UriContent with its Files API URI (https://generativelanguage.googleapis.com/v1beta/files/…) and media type instead.");

                default:
                    // Usage, errors and other bookkeeping contents are not part of the prompt.
                    break;
            }
        }

        return parts;
    }

    /// <summary>
    /// A reasoning content with text is a thought summary: sent back only when it carries a signature. One without text carries the
    /// signature of the part before it (see <see cref="ToContents"/>), so the signature is put back on that part.
    /// </summary>
    private static void AddReasoning(List<GeminiPart> parts, TextReasoningContent reasoning)
    {
        if (string.IsNullOrEmpty(reasoning.ProtectedData))
        {
            return;
        }

        if (!string.IsNullOrEmpty(reasoning.Text))
        {
            parts.Add(new GeminiPart { Text = reasoning.Text, Thought = true, ThoughtSignature = reasoning.ProtectedData });
        }
        else if (parts.Count > 0 && parts[^1].ThoughtSignature is null)
        {
            parts[^1].ThoughtSignature = reasoning.ProtectedData;
        }
    }

    /// <summary>Gemini 3 rejects a model turn whose first function call has no thought signature; calls from other models get the documented bypass value.</summary>
    private static void AddMissingThoughtSignatures(List<GeminiContent> contents)
    {
        foreach (var content in contents)
        {
            if (content.Role != "model" || content.Parts is null)
            {
                continue;
            }

            var firstCall = content.Parts.FirstOrDefault(p => p.FunctionCall is not null);
            if (firstCall is not null && firstCall.ThoughtSignature is null)
            {
                firstCall.ThoughtSignature = SkipThoughtSignature;
            }
        }
    }

    private static bool RequiresThoughtSignatures(string modelId) =>
        modelId.StartsWith("gemini-3", StringComparison.OrdinalIgnoreCase) || modelId.StartsWith("models/gemini-3", StringComparison.OrdinalIgnoreCase);

    /// <summary>The id Gemini gave the call, if it gave one (calls without one get a local id that is never sent back).</summary>
    private static string? WireCallId(FunctionCallContent call) =>
        call.RawRepresentation is GeminiPart { FunctionCall.Id: { Length: > 0 } id } ? id : null;

    private static JsonElement ToFunctionResponse(FunctionResultContent result)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (result.Result is null && result.Exception is { } exception)
            {
                writer.WriteString("error", exception.Message);
            }
            else
            {
                writer.WritePropertyName("result");
                WriteValue(writer, result.Result);
            }

            writer.WriteEndObject();
        }

        return ParseElement(buffer.WrittenSpan);
    }

    private static JsonElement SerializeArguments(IDictionary<string, object?> arguments)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in arguments)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        return ParseElement(buffer.WrittenSpan);
    }

    /// <summary>Writes a tool argument or result. Its type is the app's, so it goes through Microsoft.Extensions.AI's JSON options, as every M.E.AI client does.</summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            default:
                JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
                break;
        }
    }

    private static void ApplyTools(GeminiGenerateContentRequest request, ChatOptions options)
    {
        if (options.Tools is not { Count: > 0 } tools)
        {
            return;
        }

        List<GeminiFunctionDeclaration>? functions = null;
        foreach (var tool in tools)
        {
            switch (tool)
            {
                case AIFunctionDeclaration function:
                    (functions ??= []).Add(new GeminiFunctionDeclaration
                    {
                        Name = function.Name,
                        Description = string.IsNullOrEmpty(function.Description) ? null : function.Description,
                        ParametersJsonSchema = WithoutSchemaKeywords(function.JsonSchema),
                    });
                    break;
                case HostedWebSearchTool:
                    (request.Tools ??= []).Add(new GeminiTool { GoogleSearch = EmptyObject });
                    break;
                default:
                    throw new NotSupportedException($"Gemini cannot take the tool {tool.Name} ({tool.GetType().Name}); use AIFunction tools (function calling) or HostedWebSearchTool (Google Search grounding) instead.");
            }
        }

        if (functions is not null)
        {
            (request.Tools ??= []).Insert(0, new GeminiTool { FunctionDeclarations = functions });
        }

        request.ToolConfig = options.ToolMode switch
        {
            NoneChatToolMode => new GeminiToolConfig { FunctionCallingConfig = new GeminiFunctionCallingConfig { Mode = "NONE" } },
            RequiredChatToolMode required => new GeminiToolConfig
            {
                FunctionCallingConfig = new GeminiFunctionCallingConfig
                {
                    Mode = "ANY",
                    AllowedFunctionNames = required.RequiredFunctionName is { } name ? [name] : null,
                },
            },
            AutoChatToolMode => new GeminiToolConfig { FunctionCallingConfig = new GeminiFunctionCallingConfig { Mode = "AUTO" } },
            _ => null,
        };
    }

    private static GeminiGenerationConfig? ToGenerationConfig(ChatOptions options, string modelId)
    {
        var config = new GeminiGenerationConfig
        {
            Temperature = options.Temperature,
            TopP = options.TopP,
            TopK = options.TopK,
            MaxOutputTokens = options.MaxOutputTokens,
            StopSequences = options.StopSequences is { Count: > 0 } stops ? [.. stops] : null,
            Seed = options.Seed,
            PresencePenalty = options.PresencePenalty,
            FrequencyPenalty = options.FrequencyPenalty,
            ThinkingConfig = ToThinkingConfig(options.Reasoning, modelId),
        };

        if (options.ResponseFormat is ChatResponseFormatJson json)
        {
            config.ResponseMimeType = "application/json";
            config.ResponseJsonSchema = json.Schema is { } schema ? WithoutSchemaKeywords(schema) : null;
        }

        var empty = config is
        {
            Temperature: null, TopP: null, TopK: null, MaxOutputTokens: null, StopSequences: null, Seed: null, PresencePenalty: null,
            FrequencyPenalty: null, ThinkingConfig: null, ResponseMimeType: null,
        };
        return empty ? null : config;
    }

    /// <summary>Maps the reasoning effort to a thinking budget (tokens), which every Gemini thinking model accepts (Gemini 3 included).</summary>
    private static GeminiThinkingConfig? ToThinkingConfig(ReasoningOptions? reasoning, string modelId)
    {
        if (reasoning is null)
        {
            return null;
        }

        int? budget = reasoning.Effort switch
        {
            null => null,
            ReasoningEffort.None => modelId.Contains("-pro", StringComparison.OrdinalIgnoreCase) ? 128 : 0, // Pro models cannot stop thinking; 128 is their least
            ReasoningEffort.Low => 1024,
            ReasoningEffort.Medium => 8192,
            ReasoningEffort.High => 24576,
            _ => 32768,
        };
        bool? includeThoughts = reasoning.Output switch
        {
            null => null,
            ReasoningOutput.None => false,
            _ => true,
        };
        return budget is null && includeThoughts is null ? null : new GeminiThinkingConfig { ThinkingBudget = budget, IncludeThoughts = includeThoughts };
    }

    /// <summary>Drops <c>$schema</c> and <c>$id</c>, which describe the schema document rather than the value and which Gemini does not need.</summary>
    private static JsonElement WithoutSchemaKeywords(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || (!schema.TryGetProperty("$schema", out _) && !schema.TryGetProperty("$id", out _)))
        {
            return schema;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in schema.EnumerateObject())
            {
                if (property.NameEquals("$schema") || property.NameEquals("$id"))
                {
                    continue;
                }

                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return ParseElement(buffer.WrittenSpan);
    }

    private static JsonElement ParseElement(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        return JsonElement.ParseValue(ref reader);
    }

    private static JsonElement EmptyObject => ParseElement("{}"u8);
}
