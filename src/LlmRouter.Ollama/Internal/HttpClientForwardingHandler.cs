namespace LlmRouter.Ollama;

/// <summary>Sends through a caller-supplied <see cref="HttpClient"/> (its handlers, proxy and timeout), so the provider's own handler can sit in front of it.</summary>
internal sealed class HttpClientForwardingHandler(HttpClient client) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
}
