using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LlmRouter.Tests.Shared;

/// <summary>A real HTTP/1.1 server on 127.0.0.1 that replays scripted responses (whole bodies, SSE/NDJSON streams, cuts mid-stream)
/// and records every request. Tests point provider clients at <see cref="BaseAddress"/>; nothing leaves the machine.</summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, ScriptedResponse> _standing = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public LoopbackHttpServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Gets the server's address, ending in a slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets every request received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Answers the next request with a whole body.</summary>
    public LoopbackHttpServer Respond(int status, string body, string contentType = "application/json", IDictionary<string, string>? headers = null)
    {
        _script.Enqueue(new ScriptedResponse(status, contentType, headers, [body], CutAfterChunks: null));
        return this;
    }

    /// <summary>Answers every request whose path starts with <paramref name="pathPrefix"/> with the same body, outside the FIFO script
    /// (for requests a client makes on its own, such as a model listing).</summary>
    public LoopbackHttpServer Always(string pathPrefix, int status, string body, string contentType = "application/json")
    {
        _standing[pathPrefix] = new ScriptedResponse(status, contentType, null, [body], CutAfterChunks: null);
        return this;
    }

    /// <summary>Answers the next request with a body sent in chunks (an SSE or NDJSON stream); with <paramref name="cutAfterChunks"/>, the connection is dropped after that many chunks.</summary>
    public LoopbackHttpServer RespondStream(IEnumerable<string> chunks, string contentType = "text/event-stream", int? cutAfterChunks = null, int status = 200, IDictionary<string, string>? headers = null)
    {
        _script.Enqueue(new ScriptedResponse(status, contentType, headers, chunks.ToArray(), cutAfterChunks));
        return this;
    }

    /// <summary>Splits an SSE file into its events (separated by a blank line), keeping each event's own line endings.</summary>
    public static IReadOnlyList<string> SplitSse(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return normalized.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e + "\n\n").ToArray();
    }

    /// <summary>Splits an NDJSON file into lines, each ending in a newline.</summary>
    public static IReadOnlyList<string> SplitLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r') + "\n").ToArray();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            while (await ReadRequestAsync(stream) is { } request)
            {
                _requests.Enqueue(request);
                var standing = _standing.FirstOrDefault(kv => request.Path.StartsWith(kv.Key, StringComparison.Ordinal)).Value;
                var response = standing ?? (_script.TryDequeue(out var r) ? r : new ScriptedResponse(500, "application/json", null, ["{\"error\":\"no scripted response\"}"], null));
                if (!await WriteResponseAsync(stream, response))
                {
                    return; // cut: drop the connection
                }
            }
        }
    }

    private static async Task<RecordedRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(one);
            }
            catch (IOException)
            {
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
            if (buffer.Count >= 4 && buffer[^1] == '\n' && buffer[^2] == '\r' && buffer[^3] == '\n' && buffer[^4] == '\r')
            {
                break;
            }
        }

        var head = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = head[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = Array.Empty<byte>();
        if (headers.TryGetValue("Content-Length", out var length) && int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) is var n and > 0)
        {
            body = new byte[n];
            await stream.ReadExactlyAsync(body);
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await ReadChunkedAsync(stream);
        }

        return new RecordedRequest(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body));
    }

    private static async Task<byte[]> ReadChunkedAsync(NetworkStream stream)
    {
        var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(stream);
            var size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
            if (size == 0)
            {
                await ReadLineAsync(stream);
                return body.ToArray();
            }

            var chunk = new byte[size];
            await stream.ReadExactlyAsync(chunk);
            body.Write(chunk);
            await ReadLineAsync(stream);
        }
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream)
    {
        var sb = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            if (one[0] == '\n')
            {
                break;
            }

            if (one[0] != '\r')
            {
                sb.Append((char)one[0]);
            }
        }

        return sb.ToString();
    }

    private static async Task<bool> WriteResponseAsync(NetworkStream stream, ScriptedResponse response)
    {
        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(response.Status).Append(' ').Append(ReasonPhrase(response.Status)).Append("\r\n");
        head.Append("Content-Type: ").Append(response.ContentType).Append("\r\n");
        head.Append("Transfer-Encoding: chunked\r\n");
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("\r\n");
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
            for (var i = 0; i < response.Chunks.Length; i++)
            {
                if (response.CutAfterChunks is { } cut && i >= cut)
                {
                    await stream.FlushAsync();
                    return false;
                }

                var bytes = Encoding.UTF8.GetBytes(response.Chunks[i]);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"));
                await stream.WriteAsync(bytes);
                await stream.WriteAsync("\r\n"u8.ToArray());
                await stream.FlushAsync();
            }

            if (response.CutAfterChunks is not null)
            {
                return false;
            }

            await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
            await stream.FlushAsync();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        529 => "Overloaded",
        _ => "Status",
    };

    private sealed record ScriptedResponse(int Status, string ContentType, IDictionary<string, string>? Headers, string[] Chunks, int? CutAfterChunks);
}

/// <summary>A request the loopback server received.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
