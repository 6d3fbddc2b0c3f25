using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace LlmRouter.AspNetCore;

/// <summary>Reads request bodies and writes responses with the source-generated <see cref="GatewayJsonContext"/>.</summary>
internal static class GatewayJson
{
    public const string ContentType = "application/json";

    /// <summary>Reads a request's JSON body; a body that is not JSON, or not of this shape, is a 400 naming where it went wrong.</summary>
    public static async ValueTask<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new GatewayException(GatewayErrors.MalformedJson(Describe(ex)));
        }

        return value ?? throw new GatewayException(GatewayErrors.MalformedJson("the body is null."));
    }

    /// <summary>Writes a JSON response with the status already set.</summary>
    public static Task WriteAsync<T>(HttpResponse response, T value, JsonTypeInfo<T> typeInfo)
    {
        response.ContentType = ContentType;
        return JsonSerializer.SerializeAsync(response.BodyWriter, value, typeInfo, response.HttpContext.RequestAborted);
    }

    private static string Describe(JsonException ex)
    {
        // The serializer's own messages name the type it wanted; ours (from converters) say what is allowed. Either way, say where.
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        return ex.Path is { Length: > 0 } path ? $"{message} (at {path})" : message;
    }
}
