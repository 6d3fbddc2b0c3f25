using System.Collections.Concurrent;
using LlmRouter.Redis.Tests.TestSupport;

namespace LlmRouter.Redis.Tests.Cooldowns;

public sealed class RedisRouteCooldownChannelTests(SharedRedis redis) : IClassFixture<SharedRedis>
{
    [RedisFact]
    public async Task RedisRouteCooldownChannel_Published_IsAppliedByTheOtherInstancesButNotEchoed()
    {
        var server = await redis.GetAsync();
        var prefix = SharedRedis.NewPrefix();
        await using var first = Ledgers.Connection(server.Configuration, prefix);
        await using var second = Ledgers.Connection(server.Configuration, prefix);
        using var a = new RedisRouteCooldownChannel(first);
        using var b = new RedisRouteCooldownChannel(second);
        var seenByA = Subscribe(a);
        var seenByB = Subscribe(b);
        await Task.WhenAll(a.Listening, b.Listening);

        a.Publish("openai/gpt-4o", TimeSpan.FromSeconds(30));

        await Ledgers.EventuallyAsync(() => !seenByB.IsEmpty, "the cooldown to reach the other instance");
        var (key, duration) = Assert.Single(seenByB);
        Assert.Equal("openai/gpt-4o", key);
        Assert.InRange(duration, TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(30));
        Assert.Empty(seenByA);
    }

    [RedisFact]
    public async Task RedisRouteCooldownChannel_LateSubscriber_AppliesTheCooldownsStillRunning()
    {
        var server = await redis.GetAsync();
        var prefix = SharedRedis.NewPrefix();
        await using var first = Ledgers.Connection(server.Configuration, prefix);
        using var a = new RedisRouteCooldownChannel(first);
        Subscribe(a);
        await a.Listening;
        a.Publish("alpha/long", TimeSpan.FromMinutes(2));
        a.Publish("alpha/long", TimeSpan.FromSeconds(5)); // shorter: the two-minute cooldown stands
        a.Publish("alpha/short", TimeSpan.FromMilliseconds(1));
        var db = await server.DatabaseAsync();
        await Ledgers.EventuallyAsync(async () => await db.SortedSetLengthAsync("{" + prefix + "}:cooldowns") >= 1 && await db.KeyTimeToLiveAsync("{" + prefix + "}:cooldowns") > TimeSpan.FromSeconds(100), "the cooldowns to be recorded");
        await Task.Delay(5); // the one-millisecond cooldown is over

        await using var second = Ledgers.Connection(server.Configuration, prefix);
        using var late = new RedisRouteCooldownChannel(second);
        var seen = Subscribe(late);
        await late.Listening;

        var (key, duration) = Assert.Single(seen);
        Assert.Equal("alpha/long", key);
        Assert.InRange(duration, TimeSpan.FromSeconds(100), TimeSpan.FromMinutes(2));
    }

    [RedisFact]
    public async Task RedisRouteCooldownChannel_RedisDown_KeepsTheCooldownLocalWithoutThrowing()
    {
        await using var connection = Ledgers.Connection("127.0.0.1:1,connectTimeout=200", SharedRedis.NewPrefix());
        using var channel = new RedisRouteCooldownChannel(connection);
        var seen = Subscribe(channel);
        await channel.Listening.WaitAsync(TimeSpan.FromSeconds(10));

        channel.Publish("alpha/a", TimeSpan.FromSeconds(30));

        await Ledgers.EventuallyAsync(() => connection.Outage.IsDown, "the outage to be noticed");
        Assert.Empty(seen);
    }

    [RedisFact]
    public async Task RedisRouteCooldownChannel_SubscribedWhileRedisWasDown_ListensOnceItIsBack()
    {
        await using var server = await RedisServer.StartAsync();
        var prefix = SharedRedis.NewPrefix();
        await server.KillAsync();
        await using var first = Ledgers.Connection(server.Configuration, prefix);
        using var late = new RedisRouteCooldownChannel(first);
        var seen = Subscribe(late);
        await late.Listening.WaitAsync(TimeSpan.FromSeconds(10)); // gave up for now: nothing to subscribe to

        await server.StartAgainAsync();
        await using var second = Ledgers.Connection(server.Configuration, prefix);
        using var publisher = new RedisRouteCooldownChannel(second);
        Subscribe(publisher);
        await publisher.Listening;
        await Ledgers.EventuallyAsync(async () =>
        {
            publisher.Publish("alpha/a", TimeSpan.FromSeconds(30)); // the first may come before the late one listens: it catches up instead
            await Task.Delay(20);
            return !seen.IsEmpty;
        }, "the instance that started while Redis was down to hear of the cooldown", timeoutMs: 30_000); // its client reconnects with a growing back-off

        Assert.All(seen, s => Assert.Equal("alpha/a", s.Item1));
    }

    private static ConcurrentQueue<(string, TimeSpan)> Subscribe(RedisRouteCooldownChannel channel)
    {
        var seen = new ConcurrentQueue<(string, TimeSpan)>();
        channel.Subscribe((key, duration) => seen.Enqueue((key, duration)));
        return seen;
    }
}
