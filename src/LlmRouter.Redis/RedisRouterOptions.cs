namespace LlmRouter.Redis;

/// <summary>How <c>UseRedis()</c> connects, and what the router instances share through Redis.</summary>
public sealed class RedisRouterOptions
{
    /// <summary>Gets or sets the StackExchange.Redis configuration string, for example <c>localhost:6379</c> or
    /// <c>redis1:6379,redis2:6379,password=…,ssl=true</c>.</summary>
    /// <value>Required. Checked when the container starts: a malformed string is an error then, not on the first request. A server
    /// that cannot be reached is not an error: the router goes on without it (see <see cref="FailClosed"/>) and reconnects.</value>
    public string? Configuration { get; set; }

    /// <summary>Gets or sets the first part of every key and channel name, so that several applications can share one Redis.</summary>
    /// <value><c>llmrouter</c>. Not empty; no braces. Keys are written as <c>{prefix}:…</c>, one hash slot per prefix.</value>
    public string KeyPrefix { get; set; } = RedisRouterDefaults.KeyPrefix;

    /// <summary>Gets or sets a value indicating whether usage records are stored in Redis (shared by every instance) instead of in memory.</summary>
    /// <value><see langword="true"/>.</value>
    public bool ShareUsage { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether budget reservations are made in Redis, so that every instance spends from one budget.</summary>
    /// <value><see langword="true"/>.</value>
    public bool ShareBudgets { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether route cooldowns (open circuits) are shared, so that every instance skips a route one found failing.</summary>
    /// <value><see langword="true"/>.</value>
    public bool ShareCooldowns { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether a budget reservation fails while Redis is unreachable.</summary>
    /// <value><see langword="false"/>: requests go on unchecked (fail open) and their cost is added to the shared budget when Redis is
    /// back. <see langword="true"/>: a request that needs a reservation fails with <see cref="RedisUnavailableException"/> before any call.</value>
    public bool FailClosed { get; set; }

    /// <summary>Gets or sets how many usage records, and how many budget settlements, are each kept in memory while Redis is unreachable.</summary>
    /// <value>100,000. At least 1. When a buffer is full the oldest entry is dropped (and counted, and logged).</value>
    public int OutageBufferCapacity { get; set; } = RedisRouterDefaults.OutageBufferCapacity;

    /// <summary>Gets or sets how long usage records are kept in Redis; older ones are removed as new ones are written.</summary>
    /// <value>92 days. Must be positive.</value>
    public TimeSpan UsageRetention { get; set; } = RedisRouterDefaults.UsageRetention;

    /// <summary>Gets or sets how long a reservation is held for an instance that never settles it (it stopped mid-call); after that its
    /// amount is released. Set it longer than the longest call (attempt timeout and streaming included).</summary>
    /// <value>1 hour. Must be positive.</value>
    public TimeSpan ReservationLease { get; set; } = RedisRouterDefaults.ReservationLease;

    /// <summary>Gets or sets how often buffered writes are retried while Redis is unreachable; a restored connection retries at once.</summary>
    /// <value>1 second. Must be positive.</value>
    public TimeSpan RetryInterval { get; set; } = RedisRouterDefaults.RetryInterval;
}
