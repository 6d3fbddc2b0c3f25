namespace LlmRouter.Redis.Tests.TestSupport;

/// <summary>One server for a test class (started on first use); each test isolates its keys with <see cref="NewPrefix"/>.</summary>
public sealed class SharedRedis : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RedisServer? _server;

    /// <summary>Gets a key prefix no other test uses.</summary>
    /// <returns>The prefix.</returns>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    internal async Task<RedisServer> GetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _server ??= await RedisServer.StartAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _gate.Dispose();
    }
}
