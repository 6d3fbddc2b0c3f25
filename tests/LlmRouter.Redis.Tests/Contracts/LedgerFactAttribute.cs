using LlmRouter.Redis.Tests.TestSupport;

namespace LlmRouter.Tests.Contracts;

/// <summary>A <see cref="BudgetLedgerContractTests"/> test on Redis: skipped as <see cref="RedisFactAttribute"/> is, when no
/// <c>redis-server</c> is installed outside CI.</summary>
public sealed class LedgerFactAttribute : FactAttribute
{
    public LedgerFactAttribute()
    {
        Skip = new RedisFactAttribute().Skip;
    }
}
