using System.Text.Json;
using LlmRouter.AspNetCore.Tests.TestSupport;
using LlmRouter.Testing;
using Xunit.Abstractions;
using static LlmRouter.AspNetCore.Tests.TestSupport.Json;

namespace LlmRouter.AspNetCore.Tests.Dashboard;

/// <summary>The dashboard in headless Chromium (tests/node/dashboard.mjs): it loads, asks for the key, and charts the usage of requests just made.</summary>
public class DashboardBrowserTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Dashboard_InChromium_ChartsTheRequestsJustMade_AndSavesAScreenshot()
    {
        var folder = Node.RequireScripts("playwright-core");
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            Assert.False(Node.InCi, $"CI=true, so this test must run: Chromium is not at {chromium} (apt-get install chromium)");
            Skip.If(true, $"Chromium is not at {chromium}: apt-get install chromium, or set CHROMIUM_PATH");
        }

        var openai = new FakeLlmProvider("openai");
        var anthropic = new FakeLlmProvider("anthropic");
        openai.ForModel("gpt-4o-mini").EnqueueResponse("a", new UsageDetails { InputTokenCount = 1200, OutputTokenCount = 300 })
            .EnqueueResponse("b", new UsageDetails { InputTokenCount = 800, OutputTokenCount = 200 });
        openai.ForModel("gpt-4.1").EnqueueFailure(LlmErrorKind.Unavailable);
        anthropic.ForModel("claude-haiku-4-5").EnqueueResponse("c", new UsageDetails { InputTokenCount = 5000, OutputTokenCount = 1000 })
            .EnqueueResponse("d", new UsageDetails { InputTokenCount = 50, OutputTokenCount = 5 });
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai).AddProvider(anthropic), o => o.FallbackChain.Add(Catalog.Haiku), withKeys: true, dashboard: true);
        var acme = gw.Client(GatewayHost.AcmeKey);
        await PostAsync(acme, "v1/chat/completions", """{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"one"}]}""");
        var stream = await acme.PostAsync("v1/chat/completions", Body("""{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"two"}]}"""));
        Assert.Contains("[DONE]", await stream.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await PostAsync(acme, "v1/chat/completions", """{"model":"openai/gpt-4.1","messages":[{"role":"user","content":"three"}]}"""); // fails over to haiku
        var globex = gw.Client(GatewayHost.GlobexKey);
        await PostAsync(globex, "v1/chat/completions", """{"model":"openai/gpt-5-nano","messages":[{"role":"user","content":"not acme's"}]}""");

        var artifacts = Environment.GetEnvironmentVariable("TEST_ARTIFACTS") ?? Path.Combine(Path.GetDirectoryName(folder)!, "..", "test-artifacts");
        var screenshot = Path.GetFullPath(Path.Combine(artifacts, "dashboard.png"));
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);
        var (exitCode, text) = await Node.RunAsync(folder, "dashboard.mjs", new Dictionary<string, string>
        {
            ["DASHBOARD_URL"] = new Uri(gw.BaseAddress, "dashboard/").ToString(),
            ["GATEWAY_KEY"] = GatewayHost.AcmeKey,
            ["SCREENSHOT"] = screenshot,
            ["CHROMIUM_PATH"] = chromium,
            ["EXPECTED_TOKENS"] = JsonSerializer.Serialize(new Dictionary<string, long> { [Catalog.Mini] = 2500, [Catalog.Haiku] = 6000 }),
            ["ABSENT_MODELS"] = JsonSerializer.Serialize(new[] { "openai/gpt-5-nano" }),
            ["EXPECTED_REQUESTED"] = JsonSerializer.Serialize(new[] { Catalog.Mini, "gpt-4o-mini", "openai/gpt-4.1" }),
        }, TimeSpan.FromSeconds(120));
        output.WriteLine(text);

        Assert.True(exitCode == 0, text);
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"the screenshot {screenshot} is saved");
        Assert.Equal(0x89, File.ReadAllBytes(screenshot)[0]); // a PNG
    }
}
