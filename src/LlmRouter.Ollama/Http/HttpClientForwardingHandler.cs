namespace LlmRouter.Ollama;

/// <summary>
/// Sends through a caller-supplied <see cref="HttpClient"/> (its handlers, proxy and timeout), so the provider's own handler can sit in front of it.
/// An <see cref="HttpClient"/> refuses a request another client has sent, so each request is copied (the content is shared, not re-read).
/// </summary>
internal sealed class HttpClientForwardingHandler(HttpClient client) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = request.Content,
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var option in request.Options)
        {
            copy.Options.Set(new HttpRequestOptionsKey<object?>(option.Key), option.Value);
        }

        var response = await client.SendAsync(copy, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        copy.Content = null; // the original request owns and disposes it
        response.RequestMessage = request;
        return response;
    }
}
