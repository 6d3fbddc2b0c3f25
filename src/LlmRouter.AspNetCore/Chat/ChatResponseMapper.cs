using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace LlmRouter.AspNetCore;

/// <summary>Maps the router's answers to OpenAI's shapes: the completion, its usage, tool calls, finish reason, and the route (body extension and headers).</summary>
internal static class ChatResponseMapper
{
    public const string ProviderHeader = "x-llmrouter-provider";
    public const string ModelHeader = "x-llmrouter-model";
    public const string CostHeader = "x-llmrouter-cost";
    public const string StrategyHeader = "x-llmrouter-strategy";
    public const string AttemptsHeader = "x-llmrouter-attempts";

    private static readonly JsonTypeInfo ArgumentsType = AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>));

    public static ChatCompletionResponse ToCompletion(ChatResponse response, RouteInfo? route, string requested)
    {
        List<ToolCallDto>? toolCalls = null;
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionCallContent call)
                {
                    (toolCalls ??= []).Add(ToolCall(call));
                }
            }
        }

        var text = response.Text;
        return new ChatCompletionResponse
        {
            Id = response.ResponseId is { Length: > 0 } id ? id : NewId(),
            Created = (response.CreatedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
            Model = ModelName(route, response.ModelId, requested),
            Choices =
            [
                new ChoiceDto
                {
                    Message = new ResponseMessageDto { Content = text.Length == 0 && toolCalls is not null ? null : text, ToolCalls = toolCalls },
                    FinishReason = FinishReason(response.FinishReason, toolCalls is not null),
                },
            ],
            Usage = Usage(response.Usage),
            Llmrouter = Route(route),
        };
    }

    /// <summary>The model a response names: the route's key when the router says, else what the provider said, else what was asked.</summary>
    public static string ModelName(RouteInfo? route, string? reported, string requested) =>
        route is not null ? $"{route.Provider}/{route.Model}" : reported ?? requested;

    public static string FinishReason(ChatFinishReason? reason, bool hasToolCalls)
    {
        if (reason is { } r)
        {
            if (r == ChatFinishReason.Stop)
            {
                return "stop";
            }

            if (r == ChatFinishReason.Length)
            {
                return "length";
            }

            if (r == ChatFinishReason.ToolCalls)
            {
                return "tool_calls";
            }

            if (r == ChatFinishReason.ContentFilter)
            {
                return "content_filter";
            }
        }

        return hasToolCalls ? "tool_calls" : "stop";
    }

    public static ToolCallDto ToolCall(FunctionCallContent call) => new()
    {
        Id = call.CallId,
        Type = "function",
        Function = new FunctionCallDto { Name = call.Name, Arguments = Arguments(call) },
    };

    public static string Arguments(FunctionCallContent call) =>
        call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments, ArgumentsType);

    public static UsageDto? Usage(UsageDetails? usage)
    {
        if (usage is null)
        {
            return null;
        }

        var input = usage.InputTokenCount ?? 0;
        var output = usage.OutputTokenCount ?? 0;
        return new UsageDto
        {
            PromptTokens = input,
            CompletionTokens = output,
            TotalTokens = usage.TotalTokenCount ?? input + output,
            PromptTokensDetails = new PromptTokensDetailsDto { CachedTokens = usage.CachedInputTokenCount ?? 0 },
            CompletionTokensDetails = new CompletionTokensDetailsDto { ReasoningTokens = usage.ReasoningTokenCount ?? 0 },
        };
    }

    public static RouteDto? Route(RouteInfo? route)
    {
        if (route is null)
        {
            return null;
        }

        var attempts = new List<AttemptDto>(route.Attempts.Count);
        foreach (var a in route.Attempts)
        {
            attempts.Add(Attempt(a));
        }

        return new RouteDto
        {
            Provider = route.Provider,
            Model = route.Model,
            Strategy = route.Strategy,
            Reason = route.Reason,
            Cost = route.Cost,
            TotalCost = route.TotalCost,
            Attempts = attempts,
        };
    }

    public static AttemptDto Attempt(RouteAttempt a) => new()
    {
        Provider = a.Provider,
        Model = a.Model,
        DurationMs = Math.Round(a.Duration.TotalMilliseconds, 3),
        Error = a.Error?.ToString(),
    };

    /// <summary>Puts the route on the response's headers: provider, model id, cost in USD, strategy, attempts.</summary>
    public static void WriteHeaders(HttpResponse response, RouteInfo route)
    {
        var headers = response.Headers;
        headers[ProviderHeader] = route.Provider;
        headers[ModelHeader] = route.Model;
        headers[CostHeader] = route.Cost.ToString(CultureInfo.InvariantCulture);
        headers[StrategyHeader] = route.Strategy;
        headers[AttemptsHeader] = route.Attempts.Count.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Writes the headers a stream can carry: the provider and model that started answering (no cost, no attempts:
    /// they are known only when the stream ends, and come in the finishing chunk).</summary>
    /// <param name="response">The HTTP response, before its body starts.</param>
    /// <param name="model">The model the stream's first update names.</param>
    public static void WriteStreamHeaders(HttpResponse response, ModelDescriptor model)
    {
        response.Headers[ProviderHeader] = model.Provider;
        response.Headers[ModelHeader] = model.Id;
    }

    /// <summary>A completion id in OpenAI's style: <c>chatcmpl-</c> and 24 random characters.</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[18];
        RandomNumberGenerator.Fill(bytes);
        return "chatcmpl-" + Convert.ToBase64String(bytes).Replace('+', 'A').Replace('/', 'B');
    }
}
