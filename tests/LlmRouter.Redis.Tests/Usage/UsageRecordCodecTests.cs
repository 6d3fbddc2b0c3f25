namespace LlmRouter.Redis.Tests.Usage;

public class UsageRecordCodecTests
{
    public static TheoryData<UsageRecord> Records =>
    [
        new UsageRecord
        {
            Timestamp = new DateTimeOffset(2026, 11, 28, 23, 59, 59, TimeSpan.FromHours(-7)).AddTicks(1234),
            Provider = "openai",
            Model = "gpt-4o-mini",
            InputTokens = 1_234_567,
            OutputTokens = 89,
            CachedInputTokens = 1_000,
            ReasoningTokens = 12,
            Cost = 0.000000123456789m,
            Duration = TimeSpan.FromTicks(98_765_432),
            TimeToFirstToken = TimeSpan.FromMilliseconds(321),
            Success = true,
            Tenant = "中文 tenant\twith\ttabs",
            Attempt = 3,
        },
        new UsageRecord
        {
            Timestamp = DateTimeOffset.UnixEpoch,
            Provider = string.Empty,
            Model = "ø",
            Cost = 79_228_162_514_264_337_593_543_950_335m,
            Success = false,
            Error = LlmErrorKind.StreamInterrupted,
        },
        new UsageRecord { Provider = "p", Model = "m", InputTokens = 40, Success = false, Error = LlmErrorKind.Timeout, Estimated = true },
        new UsageRecord { Provider = "p", Model = "m", InputTokens = 40, OutputTokens = 7, Success = true, Estimated = true },
    ];

    [Theory]
    [MemberData(nameof(Records))]
    public void UsageRecordCodec_EncodedRecord_DecodesToTheSameRecord(UsageRecord record)
    {
        var member = UsageRecordCodec.Encode(record, Guid.NewGuid());

        Assert.Equal(record, UsageRecordCodec.Decode(member));
    }

    [Fact]
    public void UsageRecordCodec_EstimatedFlag_LivesInTheWordEarlierBuildsWroteAsZeroAndSkipped()
    {
        var id = Guid.NewGuid();
        var record = new UsageRecord { Provider = "p", Model = "m", Success = true };
        var reported = UsageRecordCodec.Encode(record, id);
        var estimated = UsageRecordCodec.Encode(record with { Estimated = true }, id);
        const int flags = 17 + (7 * 8); // version byte, id, then the eighth 64-bit field

        Assert.Equal(0, BitConverter.ToInt64(reported, flags)); // what earlier builds wrote there
        Assert.Equal([flags], Enumerable.Range(0, reported.Length).Where(i => reported[i] != estimated[i]));
        Assert.False(UsageRecordCodec.Decode(reported)!.Estimated);
        Assert.True(UsageRecordCodec.Decode(estimated)!.Estimated);
    }

    [Fact]
    public void UsageRecordCodec_EqualRecords_EncodeToDistinctMembers()
    {
        var record = new UsageRecord { Provider = "p", Model = "m" };

        Assert.NotEqual(UsageRecordCodec.Encode(record, Guid.NewGuid()), UsageRecordCodec.Encode(record, Guid.NewGuid()));
    }

    [Fact]
    public void UsageRecordCodec_DamagedMembers_AreNotDecoded()
    {
        var member = UsageRecordCodec.Encode(new UsageRecord { Provider = "p", Model = "m", Tenant = "t" }, Guid.NewGuid());

        Assert.Null(UsageRecordCodec.Decode(member.AsSpan(0, member.Length - 1)));
        Assert.Null(UsageRecordCodec.Decode([.. member, 0]));
        Assert.Null(UsageRecordCodec.Decode([2, .. member[1..]]));
        Assert.Null(UsageRecordCodec.Decode("not a record"u8));
    }

    [Fact]
    public void UsageRecordCodec_Score_IsTheUnixTimeInWholeMilliseconds()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(5)).AddTicks(9_999);

        Assert.Equal(at.ToUnixTimeMilliseconds(), UsageRecordCodec.Score(at.UtcTicks));
        Assert.Equal(-1, UsageRecordCodec.Score(DateTimeOffset.UnixEpoch.UtcTicks - 1));
    }
}
