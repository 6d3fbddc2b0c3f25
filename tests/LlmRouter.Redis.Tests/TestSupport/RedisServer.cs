using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace LlmRouter.Redis.Tests.TestSupport;

/// <summary>
/// A real <c>redis-server</c> process on 127.0.0.1 and a free port, with its data in a temporary folder, that a test can stop
/// (as a crash: SIGKILL) and start again on the same port and data. Without persistence unless asked for (AOF, fsync always).
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Process> Running = new();

    static RedisServer()
    {
        // A safety net: no server outlives the test run, even when a test forgot to dispose one or the run was aborted.
        AppDomain.CurrentDomain.ProcessExit += static (_, _) =>
        {
            foreach (var process in Running.Values)
            {
                try
                {
                    process.Kill();
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
        };
    }
    private readonly string _directory;
    private readonly bool _appendOnly;
    private Process? _process;
    private ConnectionMultiplexer? _admin;

    private RedisServer(string directory, int port, bool appendOnly)
    {
        _directory = directory;
        Port = port;
        _appendOnly = appendOnly;
    }

    /// <summary>Gets the path of <c>redis-server</c>, or <see langword="null"/> when it is not installed.</summary>
    public static string? Executable { get; } = FindExecutable();

    /// <summary>Gets the port it listens on.</summary>
    public int Port { get; }

    /// <summary>Gets the configuration string for it, with short timeouts so that an outage is noticed quickly.</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    /// <summary>Gets a value indicating whether the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server.</summary>
    /// <param name="appendOnly">Turns on AOF persistence with an fsync per write, so a crash loses nothing acknowledged.</param>
    /// <returns>The running server.</returns>
    public static async Task<RedisServer> StartAsync(bool appendOnly = false)
    {
        if (Executable is null)
        {
            throw new InvalidOperationException(RedisFactAttribute.MissingMessage);
        }

        var directory = Directory.CreateTempSubdirectory("llmrouter-redis-").FullName;
        var server = new RedisServer(directory, FreePort(), appendOnly);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the process (again) on the same port and data.</summary>
    /// <returns>A task that completes when it answers PING.</returns>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(Executable!)
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory,
            "--save", string.Empty, "--appendonly", _appendOnly ? "yes" : "no", "--appendfsync", "always",
            "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning",
        })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        Running[_process.Id] = _process;
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAnsweringAsync();
    }

    /// <summary>Kills the process, as a crash would (SIGKILL: no shutdown save).</summary>
    /// <returns>A task that completes when it has exited.</returns>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            Running.TryRemove(process.Id, out _);
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Gets an admin connection (for INFO, FLUSHALL and checks), separate from the code under test.</summary>
    /// <returns>The connection.</returns>
    public async Task<IServer> AdminAsync()
    {
        _admin ??= await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},allowAdmin=true,abortConnect=false");
        return _admin.GetServer("127.0.0.1", Port);
    }

    /// <summary>Gets the admin connection's database.</summary>
    /// <returns>The database.</returns>
    public async Task<IDatabase> DatabaseAsync()
    {
        await AdminAsync();
        return _admin!.GetDatabase();
    }

    /// <summary>Counts the scripts the server ran (EVAL and EVALSHA calls), from INFO commandstats. (Commands a script runs
    /// count there too, so the other entries do not count round trips.)</summary>
    /// <returns>The count.</returns>
    public async Task<long> ScriptCallsAsync()
    {
        var stats = (await (await AdminAsync()).InfoAsync("commandstats")).SelectMany(g => g).ToArray();
        return stats.Where(p => p.Key is "cmdstat_eval" or "cmdstat_evalsha").Sum(p => Calls(p.Value));
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        await KillAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process: the temp folder is cleaned by the system.
        }
    }

    // "calls=12,usec=…"
    private static long Calls(string value)
    {
        var calls = value.Split(',').First(p => p.StartsWith("calls=", StringComparison.Ordinal));
        return long.Parse(calls.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string? FindExecutable()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/sbin").Append("/usr/local/bin")
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited at start with code {_process.ExitCode} (port {Port}).");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var reply = new byte[64];
                var read = await stream.ReadAsync(reply);
                if (read >= 5 && reply.AsSpan(0, 5).SequenceEqual("+PONG"u8))
                {
                    return; // Answers PING only once the data (the AOF) is loaded: LOADING before that.
                }
            }
            catch (SocketException)
            {
                // Not listening yet.
            }

            if (watch.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"redis-server did not answer PING on port {Port} within {StartTimeout}.");
            }

            await Task.Delay(10);
        }
    }
}
