using LlmRouter.AspNetCore.Tests.TestSupport;
using LlmRouter.Testing;
using Microsoft.Extensions.Options;

namespace LlmRouter.AspNetCore.Tests.Options;

public class LlmRouterGatewayOptionsValidatorTests
{
    [Fact]
    public async Task InvalidOptions_FailAtStartup_WithEveryProblemAndNoKey()
    {
        var settings = new Dictionary<string, string?>
        {
            ["LlmRouter:Gateway:ApiKeys:0:Key"] = "short-secret",
            ["LlmRouter:Gateway:ApiKeys:0:Tenant"] = "acme",
            ["LlmRouter:Gateway:ApiKeys:1:Key"] = "sk-gw-long-enough-0123456789",
            ["LlmRouter:Gateway:ApiKeys:2:Key"] = "sk-gw-long-enough-0123456789",
            ["LlmRouter:Gateway:ApiKeys:2:Tenant"] = "globex",
            ["LlmRouter:Gateway:MaxRequestBodySize"] = "0",
            ["LlmRouter:Gateway:RecentRoutes"] = "-1",
        };

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(r => r.AddProvider(new FakeLlmProvider("openai")), configuration: settings));

        Assert.Contains(ex.Failures, f => f.Contains("ApiKeys:0:Key must be at least 16", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("ApiKeys:1:Tenant", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("ApiKeys:2:Key repeats", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("MaxRequestBodySize", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("RecentRoutes", StringComparison.Ordinal));
        Assert.DoesNotContain("short-secret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-gw-long-enough", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GatewayApiKey_ToString_HidesTheKey()
    {
        var key = new GatewayApiKey { Key = "sk-gw-secret-0123456789", Tenant = "acme" };

        Assert.DoesNotContain("secret", key.ToString(), StringComparison.Ordinal);
        Assert.Contains("acme", key.ToString(), StringComparison.Ordinal);
    }
}
