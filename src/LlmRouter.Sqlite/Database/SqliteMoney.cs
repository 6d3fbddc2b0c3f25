using System.Globalization;

namespace LlmRouter.Sqlite;

/// <summary>How amounts in USD are stored: exact decimal text in the ledger, integer picodollars in usage records.</summary>
internal static class SqliteMoney
{
    private const decimal PicodollarsPerDollar = 1_000_000_000_000m;

    /// <summary>Writes an amount as invariant decimal text, which <see cref="FromText"/> reads back exactly.</summary>
    public static string ToText(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads an amount written by <see cref="ToText"/>.</summary>
    public static decimal FromText(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    /// <summary>Converts an amount to picodollars (10⁻¹² USD), rounding half away from zero; every catalog price is a whole number of them per token.</summary>
    /// <exception cref="OverflowException">The amount is beyond about ±9.2 million USD.</exception>
    public static long ToPicodollars(decimal amount) =>
        decimal.ToInt64(decimal.Round(amount * PicodollarsPerDollar, MidpointRounding.AwayFromZero));

    /// <summary>Converts picodollars back to USD.</summary>
    public static decimal FromPicodollars(long picodollars) => picodollars / PicodollarsPerDollar;
}
