using StackExchange.Redis;

namespace LlmRouter.Redis;

/// <summary>The names of the keys and the channel the router instances share. Every name starts with <c>{prefix}:</c>, so all of
/// them fall in one hash slot (the scripts touch several at once).</summary>
internal sealed class RedisKeys
{
    private readonly string _root;

    public RedisKeys(string prefix)
    {
        _root = "{" + prefix + "}:";
        Usage = _root + "usage";
        Cooldowns = _root + "cooldowns";
        CooldownChannel = RedisChannel.Literal(_root + "cooldowns");
        BudgetLeases = _root + "budget:leases";
    }

    /// <summary>Gets the sorted set of usage records, scored by their Unix time in milliseconds.</summary>
    public RedisKey Usage { get; }

    /// <summary>Gets the sorted set of cooling routes, scored by the server time (Unix milliseconds) their cooldown ends.</summary>
    public RedisKey Cooldowns { get; }

    /// <summary>Gets the channel cooldowns are announced on.</summary>
    public RedisChannel CooldownChannel { get; }

    /// <summary>Gets the sorted set of held reservations, scored by the server time (Unix milliseconds) their lease ends.</summary>
    public RedisKey BudgetLeases { get; }

    /// <summary>Gets the counter of what a budget spent and holds in one UTC day.</summary>
    /// <param name="day">The day (<see cref="DateOnly.DayNumber"/>).</param>
    /// <param name="tenant">The tenant, or <see langword="null"/> for the global budget.</param>
    /// <returns>The key.</returns>
    public string Day(int day, string? tenant) => Counter("d", day, tenant);

    /// <summary>Gets the counter of what a budget spent and holds in one UTC month.</summary>
    /// <param name="month">The month (<c>year * 12 + month - 1</c>).</param>
    /// <param name="tenant">The tenant, or <see langword="null"/> for the global budget.</param>
    /// <returns>The key.</returns>
    public string Month(int month, string? tenant) => Counter("m", month, tenant);

    // Tenant names are escaped, so that a name holding a separator cannot make another budget's key (or break a lease's fields).
    private string Counter(string period, int number, string? tenant) =>
        tenant is null
            ? $"{_root}budget:{period}:{number}:global"
            : $"{_root}budget:{period}:{number}:tenant:{Uri.EscapeDataString(tenant)}";
}
