using System.Net;
using System.Text.RegularExpressions;
using LlmRouter.AspNetCore.Tests.TestSupport;
using LlmRouter.Testing;
using static LlmRouter.AspNetCore.Tests.TestSupport.Json;

namespace LlmRouter.AspNetCore.Tests.Dashboard;

public partial class DashboardEndpointTests
{
    [Fact]
    public async Task Dashboard_IsOffUnlessMapped()
    {
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(new FakeLlmProvider("openai")));

        var response = await gw.Client(GatewayHost.AcmeKey).GetAsync("dashboard/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("dashboard/", "text/html")]
    [InlineData("dashboard/app.js", "text/javascript")]
    [InlineData("dashboard/app.css", "text/css")]
    public async Task Dashboard_AssetsAreEmbedded_SameOriginOnly(string path, string mediaType)
    {
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(new FakeLlmProvider("openai")), withKeys: true, dashboard: true);

        var response = await gw.Client().GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, ContentType(response)!.MediaType);
        Assert.Contains("default-src 'self'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        // The only absolute URL is SVG's namespace name, which is never fetched.
        Assert.DoesNotContain(AbsoluteUrl().Matches(text).Select(m => m.Value), u => u != "http://www.w3.org/2000/svg");
        Assert.DoesNotContain("import ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_WithoutTrailingSlash_Redirects()
    {
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(new FakeLlmProvider("openai")), dashboard: true);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = gw.BaseAddress };

        var response = await client.GetAsync("dashboard");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task DashboardData_IsBehindTheKeys_AndShowsTheCallersTenant()
    {
        var openai = new FakeLlmProvider("openai");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai), withKeys: true, dashboard: true);
        await PostAsync(gw.Client(GatewayHost.AcmeKey), "v1/chat/completions", """{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}""");
        await PostAsync(gw.Client(GatewayHost.GlobexKey), "v1/chat/completions", """{"model":"openai/gpt-4.1","messages":[{"role":"user","content":"Hi"}]}""");

        var (anonymous, _) = await GetAsync(gw.Client(), "dashboard/api/data");
        var (response, body) = await GetAsync(gw.Client(GatewayHost.AcmeKey), "dashboard/api/data");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("acme", (string?)body!["tenant"]);
        Assert.Equal(14, body["days"]!.AsArray().Count);
        var usage = Assert.Single(body["usage"]!.AsArray())!;
        Assert.Equal(Catalog.Mini, (string?)usage["model"]);
        Assert.Equal((string?)body["days"]![13], (string?)usage["day"]);
        var recent = Assert.Single(body["recent"]!.AsArray())!;
        Assert.Equal("openai", (string?)recent["provider"]);
        Assert.Equal("gpt-4o-mini", (string?)recent["attempts"]![0]!["model"]);
        Assert.Equal("openai", (string?)body["providers"]![0]!["name"]);
    }

    [GeneratedRegex("https?://[^\\s\"'`)]+")]
    private static partial Regex AbsoluteUrl();
}
