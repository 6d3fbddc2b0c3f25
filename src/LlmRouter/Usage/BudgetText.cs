using System.Globalization;

namespace LlmRouter;

/// <summary>The words every budget ledger (in memory, SQLite, Redis) uses, so that callers see one message whichever is registered.</summary>
internal static class BudgetText
{
    /// <summary>Formats an amount of US dollars: <c>$0.25</c>, <c>$0.00000125</c>.</summary>
    public static string Money(decimal value) => "$" + value.ToString("0.00######", CultureInfo.InvariantCulture);

    /// <summary>The error of a reservation that would take a limit past what it allows.</summary>
    /// <param name="tenant">The tenant whose limit it is, or <see langword="null"/> for a global limit.</param>
    /// <param name="daily">Whether the limit is the daily one (else the monthly one).</param>
    /// <param name="limit">The limit.</param>
    /// <param name="used">What was already spent or reserved against it.</param>
    /// <param name="requested">What the request may cost at most.</param>
    /// <param name="scope">Where <paramref name="used"/> was counted, appended to "spent or reserved" (e.g. " across all instances").</param>
    public static BudgetExceededException Exceeded(string? tenant, bool daily, decimal limit, decimal used, decimal requested, string scope = "")
    {
        var which = tenant is null
            ? $"Global {(daily ? "daily" : "monthly")} budget of {Money(limit)}"
            : $"{(daily ? "Daily" : "Monthly")} budget of {Money(limit)} for tenant '{tenant}'";
        return new BudgetExceededException(
            $"{which} would be exceeded: {Money(used)} spent or reserved{scope}, this request may cost up to {Money(requested)}.")
        {
            Tenant = tenant,
            Limit = limit,
            Requested = requested,
        };
    }
}
