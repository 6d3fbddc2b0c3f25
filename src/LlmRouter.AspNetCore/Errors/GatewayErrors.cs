using Microsoft.AspNetCore.Http;

namespace LlmRouter.AspNetCore;

/// <summary>The errors the gateway answers with that do not come from the router, in OpenAI's wording where OpenAI has one.</summary>
internal static class GatewayErrors
{
    public static GatewayError MissingKey { get; } = new(StatusCodes.Status401Unauthorized, "invalid_request_error", "invalid_api_key",
        "You didn't provide an API key. Send your gateway key as 'Authorization: Bearer <key>'.");

    public static GatewayError WrongKey { get; } = new(StatusCodes.Status401Unauthorized, "invalid_request_error", "invalid_api_key",
        "Incorrect API key provided. Ask the gateway's operator for a key listed in LlmRouter:Gateway:ApiKeys.");

    public static GatewayError Internal { get; } = new(StatusCodes.Status500InternalServerError, "server_error", null,
        "The gateway failed to handle the request. The error has been logged.");

    public static GatewayError NotFound(string path) => new(StatusCodes.Status404NotFound, "invalid_request_error", "unknown_url",
        $"Unknown request URL: {path}. The gateway serves POST /v1/chat/completions, POST /v1/embeddings, GET /v1/models, GET /v1/usage and GET /health.");

    public static GatewayError TooLarge(long limit) => new(StatusCodes.Status413PayloadTooLarge, "invalid_request_error", "request_too_large",
        $"The request body is larger than the gateway accepts ({limit} bytes; LlmRouter:Gateway:MaxRequestBodySize).");

    public static GatewayError MalformedJson(string detail) => GatewayError.BadRequest(
        $"The request body is not valid JSON for this endpoint: {detail}", code: "invalid_json");
}
