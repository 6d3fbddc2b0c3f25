using LlmRouter.Cli.Output;

namespace LlmRouter.Cli.Tests.Output;

public sealed class FormatTests
{
    [Theory]
    [InlineData("0", "$0")]
    [InlineData("0.00045", "$0.000450")]
    [InlineData("0.0123", "$0.0123")]
    [InlineData("1234.5", "$1,234.50")]
    public void Format_Money_ShowsEnoughDigitsForOneRequest(string usd, string expected) =>
        Assert.Equal(expected, Format.Money(decimal.Parse(usd, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Format_ShowsPricesDurationsAndTokens()
    {
        Assert.Equal("free", Format.PerMillion(0));
        Assert.Equal("$0.15", Format.PerMillion(0.15m));
        Assert.Equal("$0.0375", Format.PerMillion(0.0375m));
        Assert.Equal("850 ms", Format.Duration(TimeSpan.FromMilliseconds(850)));
        Assert.Equal("1.2 s", Format.Duration(TimeSpan.FromMilliseconds(1234)));
        Assert.Equal("-", Format.Duration(null));
        Assert.Equal("128,000", Format.Tokens(128_000));
        Assert.Equal("-", Format.Tokens(0));
    }

    [Fact]
    public void Format_Capabilities_InAFixedOrder()
    {
        var all = ModelCapabilities.Reasoning | ModelCapabilities.Streaming | ModelCapabilities.StructuredOutput | ModelCapabilities.Tools;

        Assert.Equal(["Streaming", "Tools", "StructuredOutput", "Reasoning"], Format.CapabilityNames(all));
        Assert.Equal("tools json reasoning", Format.ShortCapabilities(all));
        Assert.Equal("-", Format.ShortCapabilities(ModelCapabilities.Streaming));
    }

    [Fact]
    public void Format_Excerpt_IsOneLineCutWithAnEllipsis()
    {
        Assert.Equal("one two three", Format.Excerpt("one\ntwo   three", 20));
        Assert.Equal("one two…", Format.Excerpt("one two three", 9));
        Assert.Equal(string.Empty, Format.Excerpt(null, 9));
    }
}
