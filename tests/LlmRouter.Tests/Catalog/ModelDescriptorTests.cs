namespace LlmRouter.Tests.Catalog;

public class ModelDescriptorTests
{
    [Fact]
    public void ModelDescriptor_Key_FollowsProviderAndIdThroughWith()
    {
        var m = new ModelDescriptor("openai", "gpt-4o", ModelTier.Smart);

        Assert.Equal("openai/gpt-4o", m.Key);
        Assert.Equal("azure-openai/gpt-4o", (m with { Provider = "azure-openai" }).Key);
        Assert.Equal("openai/gpt-4o-mini", (m with { Id = "gpt-4o-mini" }).Key);
        Assert.Same(m.Key, m.Key);
    }

    [Fact]
    public void ModelDescriptor_Equality_IgnoresHowTheKeyWasComputed()
    {
        var a = new ModelDescriptor("p", "x", ModelTier.Fast);
        var b = new ModelDescriptor("q", "x", ModelTier.Fast) with { Provider = "p" };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData(null, "2026-06-01", false)]
    [InlineData("2026-06-01", "2026-05-31", false)]
    [InlineData("2026-06-01", "2026-06-01", true)]
    [InlineData("2026-06-01", "2027-01-01", true)]
    public void ModelDescriptor_IsDeprecatedOn_FromTheDeprecationDateOn(string? deprecation, string day, bool expected)
    {
        var m = new ModelDescriptor("p", "x", ModelTier.Fast) { DeprecationDate = deprecation is null ? null : DateOnly.Parse(deprecation, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(expected, m.IsDeprecatedOn(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
