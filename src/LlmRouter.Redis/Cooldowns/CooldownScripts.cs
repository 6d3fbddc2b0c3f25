namespace LlmRouter.Redis;

/// <summary>
/// The Lua scripts of shared cooldowns. The cooling routes are one sorted set scored by when each cooldown ends on the
/// server's clock; the key itself expires with its latest cooldown. Times are the server's, so instances whose clocks
/// disagree still agree on how long a route rests.
/// </summary>
internal static class CooldownScripts
{
    /// <summary>Records a cooldown unless the route already rests longer, and announces it on the channel.</summary>
    /// <remarks>KEYS[1] the cooling routes. ARGV[1] the route's model key; ARGV[2] its duration in ms; ARGV[3] the channel;
    /// ARGV[4] the publishing instance's id. The message is <c>instance\nduration-ms\nmodel-key</c>. Returns 1 when recorded.</remarks>
    public const string Publish = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local ends = now + tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        local current = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if current and tonumber(current) >= ends then return 0 end
        redis.call('ZADD', KEYS[1], string.format('%d', ends), ARGV[1])
        local latest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
        redis.call('PEXPIREAT', KEYS[1], string.format('%d', tonumber(latest[2])))
        redis.call('PUBLISH', ARGV[3], ARGV[4] .. '\n' .. ARGV[2] .. '\n' .. ARGV[1])
        return 1
        """;

    /// <summary>Lists the routes cooling now with how long each still rests, in ms: <c>{key, ms, key, ms, …}</c>.</summary>
    /// <remarks>KEYS[1] the cooling routes.</remarks>
    public const string List = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local cooling = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. string.format('%d', now), '+inf', 'WITHSCORES')
        local out = {}
        for i = 1, #cooling, 2 do
          out[#out + 1] = cooling[i]
          out[#out + 1] = string.format('%d', tonumber(cooling[i + 1]) - now)
        end
        return out
        """;
}
