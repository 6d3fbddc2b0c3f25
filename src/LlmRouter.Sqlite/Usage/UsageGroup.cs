namespace LlmRouter.Sqlite;

/// <summary>The sums of one provider, model, tenant and day's records.</summary>
internal readonly record struct UsageGroup(long Requests, long Successful, long InputTokens, long OutputTokens, long CachedInputTokens, decimal Cost, long DurationTicks);
