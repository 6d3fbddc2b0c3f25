using System.Net.ServerSentEvents;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LlmRouter.Gemini.Mapping;
using LlmRouter.Gemini.Wire;

namespace LlmRouter.Gemini.Http;

/// <summary>The HTTP side of the Gemini REST API: addresses, the <c>x-goog-api-key</c> header, JSON bodies, SSE streams, timeouts and error mapping.</summary>
/// <remarks>
/// Sends each request once (the router owns retries). The caller's cancellation propagates as <see cref="OperationCanceledException"/>;
/// every other failure becomes an <see cref="LlmException"/>. The key travels only in the header, never in a URL or a message.
/// </remarks>
internal sealed class GeminiApi
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _http;
    private readonly string _apiKey;
    private readonly TimeSpan? _networkTimeout;
    private readonly TimeProvider _timeProvider;

    public GeminiApi(HttpClient http, Uri endpoint, string apiVersion, string apiKey, TimeSpan? networkTimeout, TimeProvider timeProvider)
    {
        _http = http;
        _apiKey = apiKey;
        _networkTimeout = networkTimeout is { } t && t > TimeSpan.Zero && t != System.Threading.Timeout.InfiniteTimeSpan ? t : null;
        _timeProvider = timeProvider;
        BaseAddress = BuildBaseAddress(endpoint, apiVersion);
    }

    /// <summary>Gets the versioned API root, ending in a slash: <c>https://generativelanguage.googleapis.com/v1beta/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the key sent in <c>x-goog-api-key</c>, for the chat client to keep out of error messages.</summary>
    public string ApiKey => _apiKey;

    /// <summary>Gets the clock the API's timeouts run on.</summary>
    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>Builds the path of a model method: <c>models/gemini-2.5-flash:generateContent</c>.</summary>
    /// <param name="model">The model id, with or without the <c>models/</c> prefix (<c>tunedModels/…</c> is kept as is).</param>
    /// <param name="method">The method, e.g. <c>generateContent</c>.</param>
    /// <returns>The relative path.</returns>
    public static string ModelPath(string model, string method)
    {
        var name = model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;
        var resource = name.Contains('/', StringComparison.Ordinal)
            ? string.Join('/', name.Split('/').Select(Uri.EscapeDataString))
            : $"models/{Uri.EscapeDataString(name)}";
        return $"{resource}:{method}";
    }

    /// <summary>Sends a request and reads a JSON answer.</summary>
    /// <typeparam name="TResponse">The answer's wire type.</typeparam>
    /// <param name="method">GET or POST.</param>
    /// <param name="path">The path under <see cref="BaseAddress"/>.</param>
    /// <param name="body">The serialized body, or <see langword="null"/> for none.</param>
    /// <param name="responseType">The answer's type info.</param>
    /// <param name="model">The model, for error messages.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The answer.</returns>
    public async Task<TResponse> SendAsync<TResponse>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<TResponse> responseType, string? model, CancellationToken cancellationToken)
        where TResponse : class
    {
        using var timeout = CreateTimeout();
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked?.Token ?? cancellationToken;
        try
        {
            using var request = CreateRequest(method, path, body);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw GeminiMapper.FromHttpError((int)response.StatusCode, Scrub(text), response.Headers, model, _timeProvider);
            }

            TResponse? result;
            try
            {
                result = JsonSerializer.Deserialize(text, responseType);
            }
            catch (JsonException ex)
            {
                throw GeminiMapper.Malformed("response", model, ex);
            }

            return result ?? throw GeminiMapper.Malformed("response (an empty body)", model);
        }
        catch (Exception ex) when (ex is not LlmException && !IsCallerCancellation(ex, cancellationToken))
        {
            throw Translate(ex, "calling the API", model, timeout, cancellationToken);
        }
    }

    /// <summary>Posts a request to a <c>:streamGenerateContent?alt=sse</c> address and yields each SSE event's JSON.</summary>
    /// <param name="path">The path under <see cref="BaseAddress"/>, query included.</param>
    /// <param name="body">The serialized body.</param>
    /// <param name="model">The model, for error messages.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The chunks, in order.</returns>
    public async IAsyncEnumerable<GeminiGenerateContentResponse> StreamAsync(string path, byte[] body, string model, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var timeout = CreateTimeout();
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked?.Token ?? cancellationToken;

        HttpResponseMessage? response = null;
        Stream stream;
        try
        {
            using var request = CreateRequest(HttpMethod.Post, path, body);
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    // A streaming error comes back as a plain JSON envelope, even under Content-Type: text/event-stream.
                    var text = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
                    throw GeminiMapper.FromHttpError((int)response.StatusCode, Scrub(text), response.Headers, model, _timeProvider);
                }
            }

            stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not LlmException && !IsCallerCancellation(ex, cancellationToken))
        {
            response?.Dispose();
            throw Translate(ex, "starting the stream", model, timeout, cancellationToken);
        }
        catch
        {
            response?.Dispose();
            throw;
        }

        using (response)
        await using (stream.ConfigureAwait(false))
        {
            var parser = SseParser.Create(stream, static (_, data) => ParseChunk(data));
            var events = parser.EnumerateAsync(token).GetAsyncEnumerator(token);
            await using (events.ConfigureAwait(false))
            {
                while (true)
                {
                    GeminiGenerateContentResponse? chunk;
                    try
                    {
                        if (!await events.MoveNextAsync().ConfigureAwait(false))
                        {
                            yield break;
                        }

                        chunk = events.Current.Data;
                    }
                    catch (JsonException ex)
                    {
                        throw GeminiMapper.Malformed("stream event", model, ex);
                    }
                    catch (Exception ex) when (ex is not LlmException && !IsCallerCancellation(ex, cancellationToken))
                    {
                        throw Translate(ex, "reading the stream", model, timeout, cancellationToken);
                    }

                    if (chunk is null)
                    {
                        continue; // an empty event, a keep-alive
                    }

                    if (chunk.Error is { } error)
                    {
                        throw GeminiMapper.FromInBandError(error, model);
                    }

                    yield return chunk;
                }
            }
        }
    }

    /// <summary>Serializes a wire request with its source-generated type info.</summary>
    /// <typeparam name="T">The wire type.</typeparam>
    /// <param name="value">The request.</param>
    /// <param name="typeInfo">Its type info.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    internal static Uri BuildBaseAddress(Uri endpoint, string apiVersion)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var version = string.IsNullOrWhiteSpace(apiVersion) ? GeminiProviderOptions.DefaultApiVersion : apiVersion.Trim('/', ' ');
        var root = endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (!root.EndsWith("/" + version, StringComparison.OrdinalIgnoreCase))
        {
            root += "/" + version;
        }

        return new Uri(root + "/", UriKind.Absolute);
    }

    private static GeminiGenerateContentResponse? ParseChunk(ReadOnlySpan<byte> data)
    {
        var trimmed = data.Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty || trimmed.SequenceEqual("[DONE]"u8))
        {
            return null;
        }

        return JsonSerializer.Deserialize(trimmed, GeminiJsonContext.Default.GeminiGenerateContentResponse);
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path, byte[]? body)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseAddress, path));
        request.Headers.TryAddWithoutValidation("x-goog-api-key", _apiKey);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = JsonMediaType;
        }

        return request;
    }

    private CancellationTokenSource? CreateTimeout() =>
        _networkTimeout is { } t ? new CancellationTokenSource(t, _timeProvider) : null;

    private static bool IsCallerCancellation(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && cancellationToken.IsCancellationRequested;

    /// <summary>Maps a transport exception. When the caller cancelled, whatever shape the failure took, it surfaces as <see cref="OperationCanceledException"/>.</summary>
    private Exception Translate(Exception ex, string what, string? model, CancellationTokenSource? timeout, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException("The operation was cancelled.", ex, cancellationToken);
        }

        return ex switch
        {
            OperationCanceledException when timeout?.IsCancellationRequested == true => GeminiMapper.Timeout(_networkTimeout, model, ex),
            OperationCanceledException => GeminiMapper.Timeout(null, model, ex), // the HttpClient.Timeout of a supplied client
            HttpRequestException or IOException or ObjectDisposedException => GeminiMapper.Transport(what, model, ex),
            JsonException => GeminiMapper.Malformed("response", model, ex),
            _ => GeminiMapper.Failed(what, model, ex),
        };
    }

    private string Scrub(string text) => ProviderSettings.Redact(text, [_apiKey]);
}
