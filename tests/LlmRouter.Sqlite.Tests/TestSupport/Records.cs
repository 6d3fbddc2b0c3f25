namespace LlmRouter.Sqlite.Tests.TestSupport;

/// <summary>Usage records with varied fields, the same on every run.</summary>
internal static class Records
{
    public static readonly DateTimeOffset Start = new(2026, 3, 30, 22, 0, 0, TimeSpan.FromHours(2));

    public static UsageRecord Make(int i) => new()
    {
        Timestamp = Start.AddHours(i % 72).AddMinutes(i % 60),
        Provider = (i % 3) switch { 0 => "openai", 1 => "anthropic", _ => "OpenAI" },
        Model = (i % 4) switch { 0 => "gpt-4o-mini", 1 => "claude-haiku", 2 => "gpt-4o", _ => "GPT-4o-mini" },
        Tenant = (i % 5) switch { 0 => null, 1 => "acme", 2 => "ACME", 3 => "globex", _ => "Ünïcode" },
        InputTokens = 100 + (i * 7 % 900),
        OutputTokens = 10 + (i * 13 % 400),
        CachedInputTokens = i % 50,
        ReasoningTokens = i % 11,
        Cost = ((100 + (i * 7 % 900)) * 0.15m / 1_000_000m) + ((10 + (i * 13 % 400)) * 0.6m / 1_000_000m) + (i % 2 == 0 ? 0.0375m / 1_000_000m : 0m),
        Duration = TimeSpan.FromMilliseconds(200 + (i % 1_000)),
        TimeToFirstToken = i % 3 == 0 ? TimeSpan.FromMilliseconds(50 + i % 90) : null,
        Success = i % 7 != 0,
        Error = i % 7 != 0 ? null : (LlmErrorKind)(1 + i % 11),
        Attempt = 1 + (i % 3),
    };
}
