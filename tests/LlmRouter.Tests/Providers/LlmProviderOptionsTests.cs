using Microsoft.Extensions.Configuration;

namespace LlmRouter.Tests.Providers;

public class LlmProviderOptionsTests
{
    [Fact]
    public void HealthCheckTimeout_DefaultsToFiveSeconds() =>
        Assert.Equal(TimeSpan.FromSeconds(5), new LlmProviderOptions().HealthCheckTimeout);

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void HealthCheckTimeout_NonPositive_Throws(int seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlmProviderOptions { HealthCheckTimeout = TimeSpan.FromSeconds(seconds) });

    [Fact]
    public void HealthCheckTimeout_Infinite_IsAccepted() =>
        Assert.Equal(Timeout.InfiniteTimeSpan, new LlmProviderOptions { HealthCheckTimeout = Timeout.InfiniteTimeSpan }.HealthCheckTimeout);

    [Fact]
    public void HealthCheckTimeout_BindsFromConfiguration()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Providers:anything:HealthCheckTimeout"] = "00:00:03",
        }).Build();

        var options = ProviderSettings.BindOptions<LlmProviderOptions>("anything", config, configure: null);
        var derived = ProviderSettings.BindOptions<PackageOptions>("anything", config, configure: null);

        Assert.Equal(TimeSpan.FromSeconds(3), options.HealthCheckTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), derived.HealthCheckTimeout);
    }

    [Fact]
    public void HealthCheckTimeout_InvalidInConfiguration_FailsToBind()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Providers:anything:HealthCheckTimeout"] = "-00:00:01",
        }).Build();

        Assert.ThrowsAny<Exception>(() => ProviderSettings.BindOptions<LlmProviderOptions>("anything", config, configure: null));
    }

    private sealed class PackageOptions : LlmProviderOptions
    {
        public string? Extra { get; set; }
    }
}
