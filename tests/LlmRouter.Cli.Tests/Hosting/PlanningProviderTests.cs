using LlmRouter.Cli.Hosting;

namespace LlmRouter.Cli.Tests.Hosting;

public sealed class PlanningProviderTests
{
    [Fact]
    public void PlanningProvider_StandsInForEveryProviderOfTheCatalog_AndSendsNothing()
    {
        var providers = PlanningProvider.ForCatalog(ModelCatalog.Default);

        Assert.Equal(ModelCatalog.Default.Models.Select(m => m.Provider).Distinct().Order(StringComparer.Ordinal), providers.Select(p => p.Name));
        Assert.True(providers.Single(p => p.Name == "ollama").IsLocal);
        Assert.False(providers.Single(p => p.Name == "openai").IsLocal);
        Assert.Throws<InvalidOperationException>(() => providers[0].GetChatClient("x"));
    }
}
