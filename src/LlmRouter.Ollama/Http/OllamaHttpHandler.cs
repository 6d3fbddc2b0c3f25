using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmRouter.Ollama;

/// <summary>
/// The provider's HTTP handler under OllamaSharp: adds the optional bearer key, turns non-success answers into
/// <see cref="OllamaWireException"/> with the server's own <c>error</c> text and <c>Retry-After</c> (OllamaSharp would throw a bare
/// <see cref="HttpRequestException"/> without them), and checks generation responses line by line (<see cref="OllamaLineGuard"/>).
/// </summary>
internal sealed class OllamaHttpHandler : DelegatingHandler
{
    private const int MaxErrorBodyChars = 2_000;
    private readonly string? _apiKey;
    private readonly TimeProvider _timeProvider;

    public OllamaHttpHandler(HttpMessageHandler innerHandler, string? apiKey, TimeProvider timeProvider)
        : base(innerHandler)
    {
        _apiKey = apiKey;
        _timeProvider = timeProvider;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_apiKey is not null && request.Headers.Authorization is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
            }

            var path = request.RequestUri?.AbsolutePath ?? string.Empty;
            var isChat = path.EndsWith("/api/chat", StringComparison.Ordinal);
            if (request.Method != HttpMethod.Post || !(isChat || path.EndsWith("/api/generate", StringComparison.Ordinal)))
            {
                return response;
            }

            var original = response.Content;
            HttpContent replacement;
            if (string.Equals(original.Headers.ContentType?.MediaType, "application/x-ndjson", StringComparison.OrdinalIgnoreCase))
            {
                var body = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                replacement = new StreamContent(new OllamaNdjsonGuardStream(body, new OllamaLineGuard(isChat), OllamaCallContext.CancellationToken));
            }
            else
            {
                var body = await original.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                replacement = new ByteArrayContent(new OllamaLineGuard(isChat).ProcessDocument(body));
            }

            foreach (var header in original.Headers)
            {
                replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            replacement.Headers.ContentLength = null;
            response.Content = replacement;
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<OllamaWireException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            body = string.Empty;
        }

        var serverError = ReadError(body);
        return new OllamaWireException(OllamaWireFailure.HttpStatus, $"HTTP {status}: {serverError ?? "(no error text)"}")
        {
            StatusCode = status,
            ServerError = serverError,
            RetryAfter = RetryAfterParser.Parse(response.Headers, _timeProvider),
        };
    }

    /// <summary>Reads <c>{"error": "…"}</c>; falls back to the body's text (shortened) when it is not that envelope.</summary>
    private static string? ReadError(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(body) is JsonObject obj && obj.TryGetPropertyValue("error", out var error))
            {
                return OllamaLineGuard.ErrorText(error);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): use the text.
        }

        var text = new StringBuilder(body.Trim());
        if (text.Length > MaxErrorBodyChars)
        {
            text.Length = MaxErrorBodyChars;
            text.Append('…');
        }

        return text.ToString();
    }
}
