using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmRouter.AspNetCore;

/// <summary>
/// <c>POST /v1/chat/completions</c>: maps the request, lets the router answer it (routing, retries, failover, metering under
/// the caller's tenant), and answers as OpenAI does, as one JSON body or as server-sent events. The route comes back in
/// the <c>x-llmrouter-*</c> headers (non-streaming) and in the <c>llmrouter</c> field of the body or of the finishing chunk.
/// </summary>
internal sealed class ChatCompletionsEndpoint
{
    private readonly IChatClient _chat;
    private readonly ChatRequestMapper _mapper;
    private readonly RouterErrorMapper _errors;
    private readonly RecentRoutes _recent;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ChatCompletionsEndpoint(IChatClient chat, ChatRequestMapper mapper, RouterErrorMapper errors, RecentRoutes recent, TimeProvider time, ILogger<ChatCompletionsEndpoint> logger)
    {
        _chat = chat;
        _mapper = mapper;
        _errors = errors;
        _recent = recent;
        _time = time;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context, GatewayCaller caller)
    {
        var request = await GatewayJson.ReadAsync(context.Request, GatewayJsonContext.Default.ChatCompletionRequest).ConfigureAwait(false);
        var call = _mapper.Map(request, caller);
        var start = _time.GetTimestamp();
        if (call.Stream)
        {
            await StreamAsync(context, call, caller, start).ConfigureAwait(false);
            return;
        }

        ChatResponse response;
        try
        {
            response = await _chat.GetResponseAsync(call.Messages, call.Options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (LlmException ex)
        {
            throw Failed(call, caller, start, ex);
        }

        var route = response.GetRouteInfo();
        var http = context.Response;
        http.StatusCode = StatusCodes.Status200OK;
        if (route is not null)
        {
            ChatResponseMapper.WriteHeaders(http, route);
        }

        Record(call, caller, start, StatusCodes.Status200OK, route, null);
        await GatewayJson.WriteAsync(http, ChatResponseMapper.ToCompletion(response, route, call.Requested), GatewayJsonContext.Default.ChatCompletionResponse).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext context, ChatCall call, GatewayCaller caller, long start)
    {
        var aborted = context.RequestAborted;
        var updates = _chat.GetStreamingResponseAsync(call.Messages, call.Options, aborted).GetAsyncEnumerator(aborted);
        await using var _ = updates.ConfigureAwait(false);
        bool more;
        try
        {
            // Nothing is sent until the router has a route that produced its first update, so a request that fails on
            // every route is still answered with its status and OpenAI's error envelope.
            more = await updates.MoveNextAsync().ConfigureAwait(false);
        }
        catch (LlmException ex)
        {
            throw Failed(call, caller, start, ex);
        }

        var http = context.Response;
        http.StatusCode = StatusCodes.Status200OK;
        http.ContentType = "text/event-stream; charset=utf-8";
        http.Headers.CacheControl = "no-cache";
        http.Headers["X-Accel-Buffering"] = "no";
        if (more && updates.Current.GetStreamModel() is { } model)
        {
            // The route is known once its stream has started; its cost only at the end (the finishing chunk's llmrouter field).
            ChatResponseMapper.WriteStreamHeaders(http, model);
        }

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var sse = new SseWriter(http.BodyWriter);
        var chunks = new ChunkFactory(ChatResponseMapper.NewId(), _time.GetUtcNow().ToUnixTimeSeconds(), call.Requested);
        RouteInfo? route = null;
        UsageDetails? usage = null;
        ChatFinishReason? finish = null;
        await sse.WriteAsync(chunks.Start(), GatewayJsonContext.Default.ChatCompletionChunk, aborted).ConfigureAwait(false);
        try
        {
            while (more)
            {
                var update = updates.Current;
                route = update.GetRouteInfo() ?? route;
                finish = update.FinishReason ?? finish;
                if (chunks.From(update, ref usage) is { } chunk)
                {
                    await sse.WriteAsync(chunk, GatewayJsonContext.Default.ChatCompletionChunk, aborted).ConfigureAwait(false);
                }

                more = await updates.MoveNextAsync().ConfigureAwait(false);
            }
        }
        catch (LlmException ex)
        {
            // Headers are gone: the failure becomes an error event, which OpenAI's SDKs raise as an APIError.
            GatewayLog.StreamFailed(_logger, ex.Kind, ex);
            var error = _errors.Map(ex);
            Record(call, caller, start, StatusCodes.Status200OK, route, ex);
            var envelope = new ErrorEnvelope { Error = new ErrorDto { Message = error.Message, Type = error.Type, Code = error.Code ?? "stream_interrupted" } };
            await sse.WriteAsync(envelope, GatewayJsonContext.Default.ErrorEnvelope, aborted).ConfigureAwait(false);
            return;
        }

        await sse.WriteAsync(chunks.Finish(finish, route), GatewayJsonContext.Default.ChatCompletionChunk, aborted).ConfigureAwait(false);
        if (call.IncludeUsage)
        {
            await sse.WriteAsync(chunks.Usage(usage), GatewayJsonContext.Default.ChatCompletionChunk, aborted).ConfigureAwait(false);
        }

        await sse.DoneAsync(aborted).ConfigureAwait(false);
        Record(call, caller, start, StatusCodes.Status200OK, route, null);
    }

    private GatewayException Failed(ChatCall call, GatewayCaller caller, long start, LlmException exception)
    {
        var error = _errors.Map(exception);
        Record(call, caller, start, error.Status, null, exception);
        return new GatewayException(error);
    }

    private void Record(ChatCall call, GatewayCaller caller, long start, int status, RouteInfo? route, LlmException? error)
    {
        if (_recent.Capacity == 0)
        {
            return;
        }

        var attempts = route?.Attempts ?? (error as AllRoutesFailedException)?.Attempts ?? [];
        var list = new List<AttemptDto>(attempts.Count);
        foreach (var a in attempts)
        {
            list.Add(ChatResponseMapper.Attempt(a));
        }

        _recent.Add(new RecentRouteDto
        {
            Time = _time.GetUtcNow(),
            Tenant = caller.Tenant,
            Requested = call.Requested,
            Stream = call.Stream,
            Status = status,
            Provider = route?.Provider,
            Model = route?.Model,
            Strategy = route?.Strategy,
            Reason = route?.Reason,
            Cost = route?.TotalCost ?? 0m,
            DurationMs = Math.Round(_time.GetElapsedTime(start).TotalMilliseconds, 3),
            Error = error?.Kind.ToString(),
            Attempts = list,
        });
    }
}
