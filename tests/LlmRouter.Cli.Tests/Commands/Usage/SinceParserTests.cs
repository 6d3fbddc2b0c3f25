using LlmRouter.Cli.Commands.Usage;

namespace LlmRouter.Cli.Tests.Commands.Usage;

public sealed class SinceParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 10, 15, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("30m", "2026-07-10T15:00:00Z")]
    [InlineData("24h", "2026-07-09T15:30:00Z")]
    [InlineData("7d", "2026-07-03T15:30:00Z")]
    [InlineData("2W", "2026-06-26T15:30:00Z")]
    [InlineData("today", "2026-07-10T00:00:00Z")]
    [InlineData("Yesterday", "2026-07-09T00:00:00Z")]
    [InlineData("2026-07-01", "2026-07-01T00:00:00Z")]
    [InlineData("2026-07-01T09:00", "2026-07-01T09:00:00Z")]
    [InlineData("2026-07-01T09:00+02:00", "2026-07-01T07:00:00Z")]
    public void SinceParser_ReadsSpansDaysAndDates(string text, string expected)
    {
        Assert.True(SinceParser.TryParse(text, Now, out var since));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), since);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("7y")]
    [InlineData("-3d")]
    [InlineData("last week")]
    [InlineData("2026-13-01")]
    public void SinceParser_RefusesAnythingElse(string text) =>
        Assert.False(SinceParser.TryParse(text, Now, out _));
}
