using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Router;

/// <summary>
/// A model past its deprecation date (on the router's clock, UTC) is never chosen by a strategy, but is served when named:
/// by <see cref="ChatOptions.ModelId"/> or in <see cref="LlmRouterOptions.FallbackChain"/>, with one warning per model.
/// </summary>
public class RouterChatClientDeprecationTests
{
    // The harness clock reads 2026-11-28. Each deprecated model is the cheapest of its tier, so it is what the strategies would pick.
    private static readonly ModelDescriptor OldFast = Model("alpha", "a-old-fast", ModelTier.Fast, 0.01m, 0.01m, 1_000_000) with
    {
        DeprecationDate = new DateOnly(2026, 6, 1),
        Aliases = ["old-fast"],
    };

    private static readonly ModelDescriptor OldSmart = Model("beta", "b-old-smart", ModelTier.Smart, 0.02m, 0.02m, 1_000_000) with { DeprecationDate = new DateOnly(2026, 11, 28) };

    private static readonly ModelDescriptor OldFrontier = Model("beta", "b-old-big", ModelTier.Frontier, 0.03m, 0.03m, 1_000_000) with { DeprecationDate = new DateOnly(2025, 1, 1) };

    // Retires on 2026-12-15: a candidate until then.
    private static readonly ModelDescriptor Retiring = Model("alpha", "a-retiring", ModelTier.Fast, 0.02m, 0.02m, 1_000_000) with { DeprecationDate = new DateOnly(2026, 12, 15) };

    private static readonly ModelDescriptor[] Deprecated = [OldFast, OldSmart, OldFrontier];

    public static TheoryData<string> Strategies => new() { "complexity", "cost", "latency", "sequential", "smart" };

    private static readonly string[] Prompts =
    [
        "Hi! What's the capital of France?",
        "Summarise this paragraph in two sentences: routers pick a model per request so that easy prompts stay cheap.",
        "Write a C# method that parses ISO-8601 durations, with unit tests:\n```csharp\npublic static TimeSpan Parse(string s) => throw new NotImplementedException();\n```",
        "Prove step by step that the square root of 2 is irrational, then derive a bound on the error of Newton's method after n iterations.",
    ];

    private static RouterHarness Create(RecordingLogger<RouterChatClient> log, Action<LlmRouterOptions>? configure = null) =>
        RouterHarness.Create(
            o =>
            {
                foreach (var m in Deprecated.Append(Retiring))
                {
                    o.AdditionalModels.Add(m);
                }

                configure?.Invoke(o);
            },
            services => services.AddSingleton<ILogger<RouterChatClient>>(log));

    private static IReadOnlyList<LogEntry> DeprecationWarnings(RecordingLogger<RouterChatClient> log) =>
        log.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("deprecated", StringComparison.Ordinal)).ToList();

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task Strategy_NeverPlansADeprecatedModel(string strategy)
    {
        var log = new RecordingLogger<RouterChatClient>();
        await using var h = Create(log);

        // Give the deprecated models the best record a strategy could learn from: fast, successful calls and perfect outcomes.
        var feedback = h.Services.GetRequiredService<IRoutingFeedback>();
        foreach (var prompt in Prompts)
        {
            foreach (var m in Deprecated)
            {
                await h.Client.GetResponseAsync(prompt, new ChatOptions { ModelId = m.Key });
                await feedback.RecordAsync(prompt, m.Key, 1.0, 10);
            }

            await feedback.RecordAsync(prompt, AlphaFast.Key, 0.1, 500);
            await feedback.RecordAsync(prompt, BetaBig.Key, 0.5, 500);
        }

        var planned = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var options = new ChatOptions().WithRouting(new RoutingHints { Strategy = strategy });
        for (var round = 0; round < 3; round++)
        {
            foreach (var prompt in Prompts)
            {
                var plan = await h.Router.PlanAsync(Prompt(prompt), options);

                Assert.Equal(strategy, plan.Strategy);
                Assert.DoesNotContain(plan.Models, m => Deprecated.Any(d => d.Key == m.Key));
                planned.UnionWith(plan.Models.Select(m => m.Key));
            }
        }

        // A model with a deprecation date still ahead is a candidate like any other.
        Assert.Contains(Retiring.Key, planned);
    }

    [Fact]
    public async Task Strategy_StopsChoosingAModelOnItsDeprecationDate()
    {
        var log = new RecordingLogger<RouterChatClient>();
        await using var h = Create(log);
        var cost = new ChatOptions().WithRouting(new RoutingHints { Strategy = "cost", MaxTier = ModelTier.Fast });

        var before = await h.Router.PlanAsync(Prompt(), cost);
        h.Time.SetUtcNow(new DateTimeOffset(2026, 12, 14, 23, 59, 59, TimeSpan.Zero));
        var lastDay = await h.Router.PlanAsync(Prompt(), cost);
        h.Time.SetUtcNow(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero));
        var after = await h.Router.PlanAsync(Prompt(), cost);

        Assert.Equal(Retiring.Key, before.Models[0].Key);
        Assert.Equal(Retiring.Key, lastDay.Models[0].Key);
        Assert.DoesNotContain(after.Models, m => m.Key == Retiring.Key);
        Assert.Equal(AlphaFast.Key, after.Models[0].Key);
    }

    [Fact]
    public async Task ModelId_ServesADeprecatedModel_WarningOncePerModel()
    {
        var log = new RecordingLogger<RouterChatClient>();
        await using var h = Create(log);

        var byKey = await h.Client.GetResponseAsync("hello", new ChatOptions { ModelId = OldFast.Key });
        var byId = await h.Client.GetResponseAsync("hello", new ChatOptions { ModelId = OldFast.Id });
        var byAlias = await h.Client.GetResponseAsync("hello", new ChatOptions { ModelId = "OLD-FAST" });
        var streamed = await h.Client.GetStreamingResponseAsync("hello", new ChatOptions { ModelId = OldFast.Key }).ToChatResponseAsync();
        await h.Client.GetResponseAsync("hello", new ChatOptions { ModelId = AlphaFast.Key });

        foreach (var response in new[] { byKey, byId, byAlias, streamed })
        {
            var info = response.GetRouteInfo()!;
            Assert.Equal("alpha", info.Provider);
            Assert.Equal(OldFast.Id, info.Model);
            Assert.Null(Assert.Single(info.Attempts).Error);
        }

        var warning = Assert.Single(DeprecationWarnings(log));
        Assert.Contains(OldFast.Key, warning.Message, StringComparison.Ordinal);
        Assert.Contains("2026-06-01", warning.Message, StringComparison.Ordinal);
        Assert.Contains("ChatOptions.ModelId", warning.Message, StringComparison.Ordinal);
        Assert.Equal(4, h.Fake(OldFast).Requests.Count);

        await h.Client.GetResponseAsync("hello", new ChatOptions { ModelId = OldSmart.Key });

        Assert.Equal(2, DeprecationWarnings(log).Count);
        Assert.Contains(OldSmart.Key, DeprecationWarnings(log)[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelId_WarnsOnceTheNamedModelPassesItsDateWhileTheRouterRuns()
    {
        var log = new RecordingLogger<RouterChatClient>();
        await using var h = Create(log);
        var named = new ChatOptions { ModelId = Retiring.Key };

        await h.Client.GetResponseAsync("hello", named);
        Assert.Empty(DeprecationWarnings(log));

        h.Time.SetUtcNow(new DateTimeOffset(2026, 12, 20, 9, 0, 0, TimeSpan.Zero));
        await h.Client.GetResponseAsync("hello", named);
        await h.Client.GetResponseAsync("hello", named);

        Assert.Contains(Retiring.Key, Assert.Single(DeprecationWarnings(log)).Message, StringComparison.Ordinal);
        Assert.Equal(3, h.Fake(Retiring).Requests.Count);
    }

    [Fact]
    public async Task FallbackChain_KeepsADeprecatedModelItNames_WarningOnce()
    {
        var log = new RecordingLogger<RouterChatClient>();
        await using var h = Create(log, o =>
        {
            o.Strategy = "cost";
            o.Models = [AlphaSmart.Key, OldFast.Key];
            o.FallbackChain.Add("old-fast");
        });
        h.Fake(AlphaSmart).AlwaysFail(LlmErrorKind.Unavailable);

        var plan = await h.Router.PlanAsync(Prompt());
        var response = await h.RunAsync(h.Client.GetResponseAsync(Prompt()));
        await h.Router.PlanAsync(Prompt());

        Assert.Equal([AlphaSmart.Key, OldFast.Key], plan.Models.Select(m => m.Key));
        Assert.Equal(OldFast.Id, response.GetRouteInfo()!.Model);
        var warning = Assert.Single(DeprecationWarnings(log));
        Assert.Contains("LlmRouterOptions.FallbackChain", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filter_OnlyDeprecatedModelsLeft_SaysSoBeforeAnyCall()
    {
        var log = new RecordingLogger<RouterChatClient>();
        await using var h = Create(log);
        var options = new ChatOptions().WithRouting(new RoutingHints { AllowedModels = [OldFast.Key, OldSmart.Id] });

        var ex = await Assert.ThrowsAsync<LlmException>(() => h.Client.GetResponseAsync("hello", options));

        // Every routable model is counted once, under the first reason that excludes it: the 3 deprecated ones, then the 6 others.

        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.Contains("3 are deprecated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("6 not in RoutingHints.AllowedModels", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ChatOptions.ModelId", ex.Message, StringComparison.Ordinal);
        Assert.Empty(h.Fake(OldFast).Requests);
        Assert.Empty(h.Fake(OldSmart).Requests);
    }
}
