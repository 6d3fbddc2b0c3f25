namespace LlmRouter.Tests.Contracts;

/// <summary>A <see cref="BudgetLedgerContractTests"/> test in this project: it always runs (the ledger needs nothing outside the process).</summary>
public sealed class LedgerFactAttribute : FactAttribute
{
}
