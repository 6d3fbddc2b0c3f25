using System.Net;
using System.Net.Sockets;

namespace LlmRouter.OpenAI.Tests.TestSupport;

/// <summary>Accepts connections on 127.0.0.1 and never answers: for timeouts and cancellation.</summary>
internal sealed class AcceptOnlyServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _clients = [];
    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AcceptOnlyServer()
    {
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1");
        _ = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    /// <summary>Gets a task that completes when the first connection arrives.</summary>
    public Task Accepted => _accepted.Task;

    public void Dispose()
    {
        _listener.Stop();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync();
                lock (_clients)
                {
                    _clients.Add(client);
                }

                _accepted.TrySetResult();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }
}
