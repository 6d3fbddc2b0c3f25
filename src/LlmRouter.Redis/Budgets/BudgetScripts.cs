namespace LlmRouter.Redis;

/// <summary>
/// The Lua scripts that make a reservation and a settlement each one atomic round trip. Amounts are whole nanodollars.
/// A counter key holds what one budget spent plus what it holds in one UTC day or month.
/// </summary>
internal static class BudgetScripts
{
    /// <summary>
    /// Releases up to a few expired leases (reservations never settled: their instance stopped), then checks every counter
    /// against its limit in order and either refuses, naming the first that does not fit, or adds the amount to every
    /// counter and, for a non-zero amount, holds a lease for it.
    /// </summary>
    /// <remarks>
    /// KEYS[1] the lease set; KEYS[2..] counters, day and month alternating (the tenant's first when there is one).
    /// ARGV[1] amount; ARGV[2] lease in ms; ARGV[3] the lease member (id, amount, then the counters, tab-separated);
    /// ARGV[4] day TTL s; ARGV[5] month TTL s; ARGV[6] how many expired leases to release; ARGV[7..] each counter's limit, -1 for none.
    /// Returns {0, 0} when reserved, else {the refusing counter's index from 1, what it holds}.
    /// </remarks>
    public const string Reserve = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[6]))
        for _, lease in ipairs(expired) do
          local fields = {}
          for field in string.gmatch(lease, '[^\t]+') do fields[#fields + 1] = field end
          for i = 3, #fields do
            if redis.call('EXISTS', fields[i]) == 1 then redis.call('DECRBY', fields[i], fields[2]) end
          end
          redis.call('ZREM', KEYS[1], lease)
        end
        local amount = tonumber(ARGV[1])
        for i = 2, #KEYS do
          local limit = tonumber(ARGV[5 + i])
          if limit >= 0 then
            local used = tonumber(redis.call('GET', KEYS[i]) or '0')
            if used + amount > limit then return {i - 1, used} end
          end
        end
        for i = 2, #KEYS do
          redis.call('INCRBY', KEYS[i], ARGV[1])
          if i % 2 == 0 then redis.call('EXPIRE', KEYS[i], ARGV[4]) else redis.call('EXPIRE', KEYS[i], ARGV[5]) end
        end
        if amount > 0 then redis.call('ZADD', KEYS[1], string.format('%d', now + tonumber(ARGV[2])), ARGV[3]) end
        return {0, 0}
        """;

    /// <summary>
    /// Replaces a reservation by the real cost: when its lease is still held, the counters change by the cost less the amount
    /// held; when it was released (expired) or never held (made while Redis was unreachable), by the whole cost.
    /// </summary>
    /// <remarks>
    /// KEYS[1] the lease set; KEYS[2..] the reservation's counters, day and month alternating.
    /// ARGV[1] the lease member; ARGV[2] the amount held; ARGV[3] the real cost; ARGV[4] day TTL s; ARGV[5] month TTL s.
    /// Returns the change made to each counter. Numbers are passed to Redis as strings, so they stay exact up to 2^53.
    /// </remarks>
    public const string Settle = """
        local delta = tonumber(ARGV[3])
        if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then delta = delta - tonumber(ARGV[2]) end
        if delta ~= 0 then
          for i = 2, #KEYS do
            redis.call('INCRBY', KEYS[i], string.format('%d', delta))
            if i % 2 == 0 then redis.call('EXPIRE', KEYS[i], ARGV[4]) else redis.call('EXPIRE', KEYS[i], ARGV[5]) end
          end
        end
        return delta
        """;
}
