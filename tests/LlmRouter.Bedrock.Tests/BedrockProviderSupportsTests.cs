using LlmRouter.Bedrock.Tests.TestSupport;

namespace LlmRouter.Bedrock.Tests;

/// <summary><see cref="BedrockProvider.Supports"/> against the shipped catalog: Claude yes, Nova, Llama and Titan no.</summary>
public sealed class BedrockProviderSupportsTests
{
    private static IReadOnlyList<ModelDescriptor> CatalogBedrockModels() => ModelCatalog.Default.Models.Where(m => m.Provider == "bedrock").ToArray();

    [Fact]
    public async Task Supports_CatalogModels_OnlyAnthropicClaude()
    {
        await using var fx = new BedrockFixture();
        ILlmProvider provider = fx.Provider;
        var models = CatalogBedrockModels();

        var supported = models.Where(provider.Supports).Select(m => m.Id).ToArray();
        var refused = models.Where(m => !provider.Supports(m)).Select(m => m.Id).ToArray();

        Assert.NotEmpty(supported);
        Assert.All(supported, id => Assert.Contains("anthropic.claude", id, StringComparison.Ordinal));
        Assert.Contains("amazon.nova-pro-v1:0", refused);
        Assert.Contains("meta.llama3-3-70b-instruct-v1:0", refused);
        Assert.Contains("amazon.titan-embed-text-v2:0", refused);
        Assert.All(refused, id => Assert.DoesNotContain("anthropic.", id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Supports_AgreesWithGetChatClient_ForEveryCatalogModel()
    {
        await using var fx = new BedrockFixture();
        foreach (var model in CatalogBedrockModels())
        {
            if (fx.Provider.Supports(model))
            {
                Assert.NotNull(fx.Provider.GetChatClient(model.Id));
            }
            else
            {
                var ex = Assert.Throws<LlmException>(() => fx.Provider.GetChatClient(model.Id));
                Assert.Equal(LlmErrorKind.ModelNotFound, ex.Kind);
            }
        }
    }

    [Theory]
    [InlineData("us.anthropic.claude-sonnet-4-6")]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5")]
    public async Task Supports_InferenceProfilesAndArns(string id)
    {
        await using var fx = new BedrockFixture();

        Assert.True(fx.Provider.Supports(new ModelDescriptor("bedrock", id, ModelTier.Smart)));
    }
}
