using LlmRouter.Tests.Contracts;

namespace LlmRouter.Tests.Usage;

/// <summary>The budget-ledger contract, in memory; then what only this ledger's constructor checks.</summary>
public sealed class InMemoryBudgetLedgerTests : BudgetLedgerContractTests
{
    protected override ValueTask<IBudgetLedger> CreateLedgerAsync(BudgetOptions options, TimeProvider time) =>
        ValueTask.FromResult<IBudgetLedger>(new InMemoryBudgetLedger(options, time));

    [Fact]
    public void InMemoryBudgetLedger_NullTimeProviderThrows()
    {
        // The SQLite ledger takes a null clock for the system's, so this one is not part of the contract.
        Assert.Throws<ArgumentNullException>(() => new InMemoryBudgetLedger(new BudgetOptions(), null!));
    }
}
