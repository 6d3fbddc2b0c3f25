using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LlmRouter.Ollama.Tests.TestSupport;

/// <summary>Answers one request with the given NDJSON lines and then sends nothing more, keeping the connection open, like a server that hangs mid-stream.</summary>
internal sealed class StallingServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serve;

    public StallingServer(params string[] lines)
    {
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _serve = Task.Run(() => ServeAsync(lines));
    }

    public Uri BaseAddress { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serve;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync(string[] lines)
    {
        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
        var stream = client.GetStream();
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, _stop.Token) == 1)
        {
            head.Append((char)one[0]);
        }

        var lengthLine = head.ToString().Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (lengthLine is not null)
        {
            var body = new byte[int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)];
            await stream.ReadExactlyAsync(body, _stop.Token);
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"), _stop.Token);
        foreach (var line in lines)
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"), _stop.Token);
            await stream.WriteAsync(bytes, _stop.Token);
            await stream.WriteAsync("\r\n"u8.ToArray(), _stop.Token);
        }

        await stream.FlushAsync(_stop.Token);
        await Task.Delay(Timeout.Infinite, _stop.Token);
    }
}
