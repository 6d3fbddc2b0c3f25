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
}
