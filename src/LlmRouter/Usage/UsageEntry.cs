namespace LlmRouter;

/// <summary>
/// The fields of one <see cref="UsageRecord"/>, stored by value in <see cref="InMemoryUsageStore"/>'s ring (112 bytes on
/// 64-bit, no object of its own), with the slot's seqlock <see cref="Sequence"/>.
/// </summary>
/// <remarks>
/// Lossless for every value the router produces. Two edge cases are folded: an <see cref="UsageRecord.Error"/> outside
/// 0–254 is kept as <see cref="LlmErrorKind.Unknown"/>, and a <see cref="UsageRecord.TimeToFirstToken"/> of
/// <see cref="TimeSpan.MinValue"/> reads back as <see langword="null"/>.
/// </remarks>
internal struct UsageEntry
{
    /// <summary>The seqlock word, owned by <see cref="InMemoryUsageStore"/>: 0 never written, <c>index + 1</c> when record
    /// <c>index</c> is published, <c>~index</c> (negative) while the writer of record <c>index</c> is filling the slot.</summary>
    public long Sequence;

    public string Provider;
    public string Model;
    public string? Tenant;
    public long UtcTicks;
    public long InputTokens;
    public long OutputTokens;
    public long CachedInputTokens;
    public long ReasoningTokens;
    public decimal Cost;
    public long DurationTicks;
    public long TimeToFirstTokenTicks;
    public int Attempt;
    public short OffsetMinutes;
    public byte Error;

    /// <summary><see cref="SuccessFlag"/> and <see cref="EstimatedFlag"/>, one byte so the entry stays 112 bytes; stores that
    /// encode entries (Redis) write it as it is.</summary>
    public byte Flags;

    public const byte SuccessFlag = 1;
    public const byte EstimatedFlag = 2;

    private const long NoTimeToFirstToken = long.MinValue;
    private const byte NoError = byte.MaxValue;

    /// <summary>Gets or sets a value indicating whether the attempt succeeded.</summary>
    public bool Success
    {
        readonly get => (Flags & SuccessFlag) != 0;
        set => Flags = value ? (byte)(Flags | SuccessFlag) : (byte)(Flags & ~SuccessFlag);
    }

    /// <summary>Gets or sets a value indicating whether the tokens are the router's estimate (<see cref="UsageRecord.Estimated"/>).</summary>
    public bool Estimated
    {
        readonly get => (Flags & EstimatedFlag) != 0;
        set => Flags = value ? (byte)(Flags | EstimatedFlag) : (byte)(Flags & ~EstimatedFlag);
    }

    /// <summary>Gets the UTC day the record's timestamp falls on.</summary>
    public readonly DateOnly UtcDay => DateOnly.FromDayNumber((int)(UtcTicks / TimeSpan.TicksPerDay));

    /// <summary>Makes an entry from a record, for stores given a <see cref="UsageRecord"/>.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The entry, its <see cref="Sequence"/> zero.</returns>
    public static UsageEntry FromRecord(UsageRecord record) => Create(record.Timestamp, record.Duration, record.TimeToFirstToken, record.Error) with
    {
        Provider = record.Provider,
        Model = record.Model,
        Tenant = record.Tenant,
        InputTokens = record.InputTokens,
        OutputTokens = record.OutputTokens,
        CachedInputTokens = record.CachedInputTokens,
        ReasoningTokens = record.ReasoningTokens,
        Cost = record.Cost,
        Success = record.Success,
        Estimated = record.Estimated,
        Attempt = record.Attempt,
    };

    /// <summary>Makes an entry with the fields that are encoded (times and the error); the caller sets the rest with <c>with</c>.</summary>
    /// <param name="timestamp">When the attempt started.</param>
    /// <param name="duration">How long it took.</param>
    /// <param name="timeToFirstToken">When a stream's first update came, or <see langword="null"/>.</param>
    /// <param name="error">Why it failed, or <see langword="null"/>.</param>
    /// <returns>The entry.</returns>
    public static UsageEntry Create(DateTimeOffset timestamp, TimeSpan duration, TimeSpan? timeToFirstToken, LlmErrorKind? error) => new()
    {
        UtcTicks = timestamp.UtcTicks,
        OffsetMinutes = (short)timestamp.TotalOffsetMinutes,
        DurationTicks = duration.Ticks,
        TimeToFirstTokenTicks = timeToFirstToken is { } ttft ? ttft.Ticks : NoTimeToFirstToken,
        Error = error switch
        {
            null => NoError,
            { } kind when (uint)kind < NoError => (byte)kind,
            _ => (byte)LlmErrorKind.Unknown,
        },
    };

    /// <summary>Copies every field of <paramref name="values"/> but <see cref="Sequence"/>, which the store manages.</summary>
    /// <param name="values">The entry to copy.</param>
    public void CopyFrom(in UsageEntry values)
    {
        Provider = values.Provider;
        Model = values.Model;
        Tenant = values.Tenant;
        UtcTicks = values.UtcTicks;
        OffsetMinutes = values.OffsetMinutes;
        InputTokens = values.InputTokens;
        OutputTokens = values.OutputTokens;
        CachedInputTokens = values.CachedInputTokens;
        ReasoningTokens = values.ReasoningTokens;
        Cost = values.Cost;
        DurationTicks = values.DurationTicks;
        TimeToFirstTokenTicks = values.TimeToFirstTokenTicks;
        Flags = values.Flags;
        Error = values.Error;
        Attempt = values.Attempt;
    }

    /// <summary>Rebuilds the record.</summary>
    /// <returns>A record equal to the one stored, but for the edge cases in the remarks.</returns>
    public readonly UsageRecord ToRecord()
    {
        var offset = TimeSpan.FromMinutes(OffsetMinutes);
        return new UsageRecord
        {
            Timestamp = new DateTimeOffset(UtcTicks + offset.Ticks, offset),
            Provider = Provider,
            Model = Model,
            Tenant = Tenant,
            InputTokens = InputTokens,
            OutputTokens = OutputTokens,
            CachedInputTokens = CachedInputTokens,
            ReasoningTokens = ReasoningTokens,
            Cost = Cost,
            Duration = TimeSpan.FromTicks(DurationTicks),
            TimeToFirstToken = TimeToFirstTokenTicks == NoTimeToFirstToken ? null : TimeSpan.FromTicks(TimeToFirstTokenTicks),
            Success = Success,
            Estimated = Estimated,
            Error = Error == NoError ? null : (LlmErrorKind)Error,
            Attempt = Attempt,
        };
    }

    /// <summary>Tells whether the record matches <paramref name="query"/>: From inclusive, To exclusive, names ignoring case,
    /// the model by id or by <c>provider/id</c>.</summary>
    /// <param name="query">The query.</param>
    /// <returns><see langword="true"/> when every filter set in <paramref name="query"/> matches.</returns>
    public readonly bool Matches(UsageQuery query)
    {
        // DateTimeOffset compares by UTC instant, so comparing UTC ticks is the same test.
        if (query.From is { } from && UtcTicks < from.UtcTicks)
        {
            return false;
        }

        if (query.To is { } to && UtcTicks >= to.UtcTicks)
        {
            return false;
        }

        return NamesMatch(query, Provider ?? string.Empty, Model ?? string.Empty, Tenant);
    }

    /// <summary>Tells whether a record's names match <paramref name="query"/>'s: ignoring case, the model by id or by
    /// <c>provider/id</c>. Stores that sum in groups (SQL) match each group's names with it.</summary>
    /// <param name="query">The query.</param>
    /// <param name="provider">The record's provider.</param>
    /// <param name="model">The record's model id.</param>
    /// <param name="tenant">The record's tenant.</param>
    /// <returns><see langword="true"/> when the provider, model and tenant filters set in <paramref name="query"/> match.</returns>
    public static bool NamesMatch(UsageQuery query, string provider, string model, string? tenant) =>
        (query.Provider is not { } p || string.Equals(provider, p, StringComparison.OrdinalIgnoreCase))
        && (query.Tenant is not { } t || string.Equals(tenant, t, StringComparison.OrdinalIgnoreCase))
        && (query.Model is not { } m || ModelMatches(provider, model, m));

    // Matches the model id alone or the key "provider/id", without building the key.
    private static bool ModelMatches(string provider, string id, string model) =>
        string.Equals(id, model, StringComparison.OrdinalIgnoreCase)
        || (model.Length == provider.Length + 1 + id.Length
            && model[provider.Length] == '/'
            && model.AsSpan(0, provider.Length).Equals(provider, StringComparison.OrdinalIgnoreCase)
            && model.AsSpan(provider.Length + 1).Equals(id, StringComparison.OrdinalIgnoreCase));
}
