using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LlmRouter.AspNetCore;

/// <summary>Writes a <see cref="GatewayError"/> in OpenAI's envelope, with <c>Retry-After</c> (seconds) and <c>retry-after-ms</c> when it has a wait.</summary>
internal static class ErrorWriter
{
    public static Task WriteAsync(HttpResponse response, GatewayError error)
    {
        response.StatusCode = error.Status;
        if (error.RetryAfter is { } wait)
        {
            var seconds = Math.Max(0, (long)Math.Ceiling(wait.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            response.Headers["retry-after-ms"] = Math.Max(0, (long)Math.Ceiling(wait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        }

        var envelope = new ErrorEnvelope { Error = new ErrorDto { Message = error.Message, Type = error.Type, Code = error.Code, Param = error.Param } };
        return GatewayJson.WriteAsync(response, envelope, GatewayJsonContext.Default.ErrorEnvelope);
    }
}
