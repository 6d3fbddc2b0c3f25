using LlmRouter.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmRouter.Tests.Options;

/// <summary>Every value the options accept works; every value that would fail later is reported at start, with every other problem.</summary>
public class LlmRouterOptionsValidatorTests
{
    public static TheoryData<TimeSpan> AcceptedTimeouts => new()
    {
        TimeSpan.FromMilliseconds(5),
        TimeSpan.FromHours(25),
        TimeSpan.FromDays(2),
        TimeSpan.FromDays(24),
        Timeout.InfiniteTimeSpan,
    };

    public static TheoryData<TimeSpan> RejectedTimeouts => new()
    {
        TimeSpan.FromDays(24) + TimeSpan.FromMilliseconds(1),
        TimeSpan.FromDays(60),
        TimeSpan.MaxValue,
        TimeSpan.Zero,
        TimeSpan.FromMilliseconds(-5),
    };

    [Theory]
    [MemberData(nameof(AcceptedTimeouts))]
    public async Task AddLlmRouter_AcceptedAttemptTimeout_ResolvesAndServesOnTheSystemClock(TimeSpan timeout)
    {
        var services = new ServiceCollection();
        var provider = new FakeLlmProvider("openai");
        services.AddLlmRouter(o =>
        {
            o.AttemptTimeout = timeout;
            o.Retry.MaxRetries = 0;
        }).AddProvider(provider);
        await using var sp = services.BuildServiceProvider();

        var client = sp.GetRequiredService<IChatClient>();
        if (timeout < TimeSpan.FromSeconds(1))
        {
            return; // too short for a request on a loaded machine; resolving is what failed
        }

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai/gpt-4o-mini" });
        Assert.Equal("openai", response.GetRouteInfo()!.Provider);
    }

    [Theory]
    [MemberData(nameof(RejectedTimeouts))]
    public async Task AddLlmRouter_AttemptTimeoutOutOfRange_IsReportedWithEveryOtherProblem(TimeSpan timeout)
    {
        var services = new ServiceCollection();
        services.AddLlmRouter(o =>
        {
            o.AttemptTimeout = timeout;
            o.Retry.MaxRetries = -1;
        });
        await using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IChatClient>());

        Assert.Equal(2, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("AttemptTimeout", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("MaxRetries", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddLlmRouter_RetryDelaysBeyondWhatATimerCanWait_AreReported()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter(o =>
        {
            o.Retry.BaseDelay = TimeSpan.FromDays(30);
            o.Retry.MaxDelay = TimeSpan.FromDays(60);
        });
        await using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IChatClient>());

        Assert.Contains(ex.Failures, f => f.Contains("Retry:BaseDelay", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Retry:MaxDelay", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddLlmRouter_LongestAcceptedDelaysAndCooldowns_RetryAndCoolDown()
    {
        var services = new ServiceCollection();
        var provider = new FakeLlmProvider("openai");
        services.AddLlmRouter(o =>
        {
            o.Retry.MaxDelay = TimeSpan.FromDays(24);
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.Retry.UseJitter = false;
            o.Cooldown.Duration = TimeSpan.MaxValue;
            o.Cooldown.Window = TimeSpan.MaxValue;
            o.Cooldown.FailureThreshold = 1;
        }).AddProvider(provider);
        provider.ForModel("gpt-4o-mini").EnqueueFailure(LlmErrorKind.Unavailable).EnqueueResponse("ok");
        await using var sp = services.BuildServiceProvider();

        var response = await sp.GetRequiredService<IChatClient>().GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "openai/gpt-4o-mini" });

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, response.GetRouteInfo()!.Attempts.Count);
        var openai = (await sp.GetRequiredService<ILlmRouter>().GetProvidersAsync()).Single(p => p.Name == "openai");
        var route = Assert.Single(openai.Routes!);
        Assert.True(route.IsCoolingDown, "A cooldown as long as the options allow must cool the route down, not overflow into none.");
    }

    [Fact]
    public async Task AddLlmRouter_ConfigurationConversionErrors_AreReportedWithEveryValidationProblem()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Retry:MaxRetries"] = "abc",
            ["LlmRouter:AttemptTimeout"] = "soon",
            ["LlmRouter:Strategy"] = "telepathy",
            ["LlmRouter:Budgets:DailyLimit"] = "-1",
            ["LlmRouter:Cooldown:FailureThreshold"] = "0",
            ["LlmRouter:LocalFirst"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddLlmRouter(config.GetSection("LlmRouter"));
        await using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<LlmRouterOptions>>().Value);

        Assert.Equal(5, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("LlmRouter:Retry:MaxRetries", StringComparison.Ordinal) && f.Contains("abc", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("LlmRouter:AttemptTimeout", StringComparison.Ordinal) && f.Contains("soon", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("'telepathy' is not a registered routing strategy", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("DailyLimit", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("FailureThreshold", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddLlmRouter_ContextTrimming_IsBoundFromConfiguration()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:ContextTrimming:Enabled"] = "true",
            ["LlmRouter:ContextTrimming:ReservedOutputTokens"] = "2000",
        }).Build();
        var services = new ServiceCollection();
        services.AddLlmRouter(config.GetSection("LlmRouter"));
        await using var sp = services.BuildServiceProvider();

        var trimming = sp.GetRequiredService<IOptions<LlmRouterOptions>>().Value.ContextTrimming;

        Assert.True(trimming.Enabled);
        Assert.Equal(2_000, trimming.ReservedOutputTokens);
    }

    [Fact]
    public void ContextTrimming_IsOffByDefault_AndReservesTheDefaultOutput()
    {
        var trimming = new LlmRouterOptions().ContextTrimming;

        Assert.False(trimming.Enabled);
        Assert.Equal(LlmRouterDefaults.ReservedOutputTokens, trimming.ReservedOutputTokens);
    }

    [Fact]
    public async Task AddLlmRouter_NegativeReservedOutputTokens_IsReportedWithEveryOtherProblem()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:ContextTrimming:Enabled"] = "yes please",
            ["LlmRouter:ContextTrimming:ReservedOutputTokens"] = "-1",
            ["LlmRouter:Retry:MaxRetries"] = "-1",
        }).Build();
        var services = new ServiceCollection();
        services.AddLlmRouter(config.GetSection("LlmRouter"));
        await using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IChatClient>());

        Assert.Equal(3, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("LlmRouter:ContextTrimming:ReservedOutputTokens must not be negative", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("LlmRouter:ContextTrimming:Enabled", StringComparison.Ordinal) && f.Contains("yes please", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("MaxRetries", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddLlmRouter_ConfigurationConversionErrorAlone_FailsStartWithOptionsValidationException()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Retry:MaxRetries"] = "three",
            ["LlmRouter:FallbackChain:0"] = "openai/gpt-4o-mini",
        }).Build();
        var services = new ServiceCollection();
        services.AddLlmRouter(config.GetSection("LlmRouter"));
        await using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IChatClient>());

        var failure = Assert.Single(ex.Failures);
        Assert.Contains("LlmRouter:Retry:MaxRetries", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddLlmRouter_CollectionElementsThatDoNotBind_AreReportedNotDropped()
    {
        // The configuration binder drops such elements without a word: the tenant would have no budget at all.
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Budgets:Tenants:acme:DailyLimit"] = "lots",
            ["LlmRouter:Budgets:Tenants:globex:DailyLimit"] = "2",
            ["LlmRouter:AdditionalModels:0:Provider"] = "openai",
            ["LlmRouter:AdditionalModels:0:Id"] = "my-model",
            ["LlmRouter:AdditionalModels:0:Tier"] = "Fast",
            ["LlmRouter:AdditionalModels:0:ContextWindow"] = "huge",
        }).Build();
        var services = new ServiceCollection();
        services.AddLlmRouter(config.GetSection("LlmRouter"));
        await using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<LlmRouterOptions>>().Value);

        Assert.Equal(2, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("LlmRouter:Budgets:Tenants:acme", StringComparison.Ordinal) && f.Contains("lots", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("LlmRouter:AdditionalModels:0", StringComparison.Ordinal) && f.Contains("huge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddLlmRouter_ValidConfiguration_StillBindsEverything()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Retry:MaxRetries"] = "2",
            ["LlmRouter:FallbackChain:0"] = "openai/gpt-4o-mini",
            ["LlmRouter:Budgets:Tenants:acme:DailyLimit"] = "1.5",
        }).Build();
        var services = new ServiceCollection();
        services.AddLlmRouter(config.GetSection("LlmRouter"));
        await using var sp = services.BuildServiceProvider();

        var o = sp.GetRequiredService<IOptions<LlmRouterOptions>>().Value;

        Assert.Equal(2, o.Retry.MaxRetries);
        Assert.Equal(["openai/gpt-4o-mini"], o.FallbackChain);
        Assert.Equal(1.5m, o.Budgets.Tenants["acme"].DailyLimit);
    }
}
