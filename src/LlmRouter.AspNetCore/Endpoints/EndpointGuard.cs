using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmRouter.AspNetCore;

/// <summary>
/// What every gateway endpoint does before and after its own work: identifies the caller by key (401 before the body is read),
/// caps the body size (413), and answers every failure in OpenAI's error envelope: a request error as it is, a router error
/// with the status a client expects, anything unexpected as a logged 500 with no stack trace.
/// </summary>
internal sealed class EndpointGuard
{
    private readonly CallerKeys _keys;
    private readonly RouterErrorMapper _errors;
    private readonly long _maxBodySize;
    private readonly ILogger _logger;

    public EndpointGuard(CallerKeys keys, RouterErrorMapper errors, IOptions<LlmRouterGatewayOptions> options, ILogger<EndpointGuard> logger)
    {
        _keys = keys;
        _errors = errors;
        _maxBodySize = options.Value.MaxRequestBodySize;
        _logger = logger;
    }

    /// <summary>Gets the mapper of router errors.</summary>
    public RouterErrorMapper Errors => _errors;

    /// <summary>Wraps an endpoint that needs a caller key (when keys are configured).</summary>
    public RequestDelegate Authenticated(Func<HttpContext, GatewayCaller, Task> handler) => context =>
    {
        var caller = _keys.Identify(context.Request);
        if (caller is null)
        {
            GatewayLog.Unauthorized(_logger, context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress?.ToString());
            var missing = context.Request.Headers.Authorization.Count == 0 && context.Request.Headers["api-key"].Count == 0;
            return ErrorWriter.WriteAsync(context.Response, missing ? GatewayErrors.MissingKey : GatewayErrors.WrongKey);
        }

        if (HttpMethods.IsPost(context.Request.Method) && !LimitBody(context))
        {
            return Refuse(context, GatewayErrors.TooLarge(_maxBodySize));
        }

        return RunAsync(context, caller, handler);
    };

    /// <summary>Wraps an endpoint open to every caller (health), still answering failures in the envelope.</summary>
    public RequestDelegate Open(Func<HttpContext, GatewayCaller?, Task> handler) => context => RunAsync(context, _keys.Required ? _keys.Identify(context.Request) : GatewayCaller.Anonymous, handler);

    /// <summary>Answers with an error, logging the refusal.</summary>
    public Task Refuse(HttpContext context, GatewayError error)
    {
        GatewayLog.Refused(_logger, context.Request.Method, context.Request.Path, error.Status, error.Code);
        return ErrorWriter.WriteAsync(context.Response, error);
    }

    private bool LimitBody(HttpContext context)
    {
        if (context.Request.ContentLength > _maxBodySize)
        {
            return false;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = _maxBodySize;
        }

        return true;
    }

    private async Task RunAsync<TCaller>(HttpContext context, TCaller caller, Func<HttpContext, TCaller, Task> handler)
    {
        GatewayError error;
        try
        {
            await handler(context, caller).ConfigureAwait(false);
            return;
        }
        catch (GatewayException ex)
        {
            error = ex.Error;
        }
        catch (LlmException ex)
        {
            error = _errors.Map(ex);
        }
        catch (BadHttpRequestException ex)
        {
            error = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? GatewayErrors.TooLarge(_maxBodySize)
                : GatewayError.BadRequest($"The request could not be read: {ex.Message}");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the caller went away; there is no one to answer
        }
        catch (Exception ex)
        {
            GatewayLog.Failed(_logger, context.Request.Method, context.Request.Path, ex);
            error = GatewayErrors.Internal;
        }

        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        await Refuse(context, error).ConfigureAwait(false);
    }
}
