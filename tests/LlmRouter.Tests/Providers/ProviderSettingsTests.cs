using LlmRouter.Tests.Shared;
using Microsoft.Extensions.Configuration;

namespace LlmRouter.Tests.Providers;

public class ProviderSettingsTests
{
    [Fact]
    public void ProviderSettings_BindOptions_ReadsTheProvidersSectionThenCodeWins()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Providers:groq:ApiKey"] = "from-config",
            ["LlmRouter:Providers:groq:Endpoint"] = "https://example.test/v1/",
            ["LlmRouter:Providers:groq:NetworkTimeout"] = "00:00:20",
        }).Build();

        var options = ProviderSettings.BindOptions<LlmProviderOptions>("groq", config, o => o.NetworkTimeout = TimeSpan.FromSeconds(5));

        Assert.Equal("from-config", options.ApiKey);
        Assert.Equal(new Uri("https://example.test/v1/"), options.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(5), options.NetworkTimeout);
    }

    [Fact]
    public void ProviderSettings_ResolveApiKey_PrefersOptionsThenTheFirstVariableSet()
    {
        var unset = $"LLMROUTER_TEST_UNSET_{Guid.NewGuid():N}";
        var set = $"LLMROUTER_TEST_SET_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(set, " env-key ");
        try
        {
            Assert.Equal("opt", ProviderSettings.ResolveApiKey("opt", [unset, set], out var s1));
            Assert.Equal("options", s1);
            Assert.Equal("env-key", ProviderSettings.ResolveApiKey(null, [unset, set], out var s2));
            Assert.Equal(set, s2);
            Assert.Null(ProviderSettings.ResolveApiKey("  ", [unset], out var s3));
            Assert.Null(s3);
        }
        finally
        {
            Environment.SetEnvironmentVariable(set, null);
        }
    }

    [Theory]
    [InlineData("sk-proj-abcdefghijklmnop1234", "sk-…1234")]
    [InlineData("AIzaSyAbcdefghijklmnopqrstu", "…rstu")]
    [InlineData("short", "…")]
    [InlineData(null, "(none)")]
    public void ProviderSettings_Mask_NeverShowsTheKey(string? key, string expected)
    {
        Assert.Equal(expected, ProviderSettings.Mask(key));
    }

    [Fact]
    public void LlmProviderOptions_ToString_MasksTheKey()
    {
        var text = new LlmProviderOptions { ApiKey = "sk-secret-value-123456789" }.ToString();

        Assert.DoesNotContain("secret-value", text, StringComparison.Ordinal);
        Assert.Contains("sk-…6789", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryAfterParser_ReadsRealResponseHeaders()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(429, "{}", headers: new Dictionary<string, string> { ["retry-after"] = "7" })
              .Respond(429, "{}", headers: new Dictionary<string, string> { ["retry-after"] = "7", ["retry-after-ms"] = "1500" })
              .Respond(429, "{}")
              .Respond(429, "{}", headers: new Dictionary<string, string> { ["retry-after"] = "0.5" });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var seconds = await http.GetAsync("a");
        using var millis = await http.GetAsync("b");
        using var none = await http.GetAsync("c");
        using var fractional = await http.GetAsync("d");

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterParser.Parse(seconds.Headers));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), RetryAfterParser.Parse(millis.Headers));
        Assert.Null(RetryAfterParser.Parse(none.Headers));
        Assert.Equal(TimeSpan.FromMilliseconds(500), RetryAfterParser.Parse(fractional.Headers));
        Assert.Equal(["/a", "/b", "/c", "/d"], server.Requests.Select(r => r.Path));
    }

    [Theory]
    [InlineData("13s", 13_000)]
    [InlineData("0.5s", 500)]
    [InlineData("13", null)]
    [InlineData("soon", null)]
    public void RetryAfterParser_ParseDuration_ReadsProtobufDurations(string text, int? expectedMs)
    {
        Assert.Equal(expectedMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, RetryAfterParser.ParseDuration(text));
    }

    [Fact]
    public async Task LoopbackHttpServer_CutStream_FailsTheReaderMidway()
    {
        await using var server = new LoopbackHttpServer();
        server.RespondStream(["data: one\n\n", "data: two\n\n", "data: three\n\n"], cutAfterChunks: 2);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync("s", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal("data: one", await reader.ReadLineAsync());
        await Assert.ThrowsAnyAsync<Exception>(async () => await reader.ReadToEndAsync());
    }

    [Theory]
    [InlineData("This model's maximum context length is 128000 tokens", true)]
    [InlineData("context_length_exceeded", true)]
    [InlineData("prompt is too long: 215000 tokens > 200000 maximum", true)]
    [InlineData("input length and `max_tokens` exceed context limit: 198000 + 8192 > 200000", true)]
    [InlineData("exceed_context_size_error", true)]
    [InlineData("the request exceeds the available context size, try increasing it", true)]
    [InlineData("invalid x-api-key", false)]
    public void LlmErrorClassification_IsContextTooLong_RecognisesProviderMessages(string message, bool expected)
    {
        Assert.Equal(expected, LlmErrorClassification.IsContextTooLong(message));
    }
}
