using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using LlmRouter.Redis;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmRouter.Benchmarks;

/// <summary>
/// <see cref="IBudgetLedger"/> on Redis (<c>UseRedis</c>) against a real <c>redis-server</c> on 127.0.0.1 that the setup starts
/// (no persistence) and stops: budget reservations from <see cref="Callers"/> concurrent callers, each making
/// <see cref="PerCaller"/> in a row. The time shown is per reservation, so reservations/s = 1 s / Mean.
/// <see cref="Reserve"/> makes reservations only (each one Lua script, one round trip; they are settled after the iteration,
/// unmeasured). <see cref="ReserveAndSettle"/> reserves and settles each (two round trips), as every routed request does.
/// <see cref="ReserveAndSettle_OneCaller"/> is the same from one caller (<see cref="OneCaller"/> pairs in a row): the latency of the pair. Needs <c>redis-server</c>
/// (<c>apt-get install redis-server</c>).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RedisConfig))]
public class RedisBudgetBenchmarks
{
    /// <summary>Concurrent callers.</summary>
    public const int Callers = 64;

    /// <summary>Reservations each caller makes per invocation (about 0.1–0.4 s per iteration).</summary>
    public const int PerCaller = 64;

    /// <summary>Reservations the single caller makes per invocation.</summary>
    public const int OneCaller = 1_024;

    private readonly ConcurrentBag<BudgetReservation> _held = [];
    private Process _server = null!;
    private RedisConnection _connection = null!;
    private RedisBudgetLedger _ledger = null!;

    [GlobalSetup]
    public void Setup()
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("RedisBudgetBenchmarks needs redis-server (apt-get install -y redis-server).");
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(arg);
        }

        _server = Process.Start(start)!;
        _server.OutputDataReceived += static (_, _) => { };
        _server.BeginOutputReadLine();
        var options = new RedisRouterOptions { Configuration = $"127.0.0.1:{port}", KeyPrefix = "bench" };
        _connection = new RedisConnection(options, NullLogger.Instance, TimeProvider.System);
        _ledger = new RedisBudgetLedger(new BudgetOptions { DailyLimit = 1_000_000m, MonthlyLimit = 5_000_000m }, _connection, TimeProvider.System);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var reservation = _ledger.ReserveAsync("acme", 0.001m).AsTask().GetAwaiter().GetResult();
                _ledger.SettleAsync(reservation, 0.001m).AsTask().GetAwaiter().GetResult();
                if (!_connection.Outage.IsDown && _ledger.GetStatusAsync("acme").AsTask().GetAwaiter().GetResult().DailySpent == 0.001m)
                {
                    break; // reached the server (not failed open)
                }
            }
            catch (RedisUnavailableException)
            {
                // Still starting.
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new InvalidOperationException("redis-server did not answer within 15 s.");
            }

            Thread.Sleep(20);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ledger.Dispose();
        _connection.Dispose();
        _server.Kill();
        _server.WaitForExit();
        _server.Dispose();
    }

    [IterationCleanup(Target = nameof(Reserve))]
    public void SettleHeld()
    {
        while (_held.TryTake(out var reservation))
        {
            _ledger.SettleAsync(reservation, 0.0005m).AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark(OperationsPerInvoke = Callers * PerCaller)]
    public Task Reserve() => RunCallersAsync(Callers, async () => _held.Add(await _ledger.ReserveAsync("acme", 0.001m)));

    [Benchmark(Baseline = true, OperationsPerInvoke = Callers * PerCaller)]
    public Task ReserveAndSettle() => RunCallersAsync(Callers, ReserveAndSettleOnceAsync);

    [Benchmark(OperationsPerInvoke = OneCaller)]
    public Task ReserveAndSettle_OneCaller() => RunCallersAsync(1, ReserveAndSettleOnceAsync, OneCaller);

    private static Task RunCallersAsync(int callers, Func<Task> operation, int perCaller = PerCaller)
    {
        var tasks = new Task[callers];
        for (var i = 0; i < callers; i++)
        {
            tasks[i] = Task.Run(async () =>
            {
                for (var j = 0; j < perCaller; j++)
                {
                    await operation();
                }
            });
        }

        return Task.WhenAll(tasks);
    }

    private async Task ReserveAndSettleOnceAsync()
    {
        var reservation = await _ledger.ReserveAsync("acme", 0.001m);
        await _ledger.SettleAsync(reservation, 0.0005m);
    }

    private sealed class RedisConfig : ManualConfig
    {
        public RedisConfig() =>
            AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(15)
                .WithInvocationCount(1)
                .WithUnrollFactor(1));
    }
}
