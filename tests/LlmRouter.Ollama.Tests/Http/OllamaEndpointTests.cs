using LlmRouter.Ollama.Tests.TestSupport;

namespace LlmRouter.Ollama.Tests.Http;

public class OllamaEndpointTests
{
    [Theory]
    [InlineData("localhost:11434", "http://localhost:11434/")]
    [InlineData("0.0.0.0:11434", "http://127.0.0.1:11434/")]
    [InlineData("0.0.0.0", "http://127.0.0.1:11434/")]
    [InlineData(":8080", "http://127.0.0.1:8080/")]
    [InlineData("gpu-box", "http://gpu-box:11434/")]
    [InlineData("gpu-box:9000", "http://gpu-box:9000/")]
    [InlineData("http://gpu-box", "http://gpu-box/")]
    [InlineData("https://ollama.example.com", "https://ollama.example.com/")]
    [InlineData("http://127.0.0.1:11434", "http://127.0.0.1:11434/")]
    [InlineData("http://0.0.0.0:11434/", "http://127.0.0.1:11434/")]
    [InlineData("https://proxy.example.com/ollama", "https://proxy.example.com/ollama/")]
    [InlineData("  HTTP://Box:1234/  ", "http://box:1234/")]
    [InlineData("[::1]:11434", "http://[::1]:11434/")]
    [InlineData("::1", "http://[::1]:11434/")]
    [InlineData("[::]:11434", "http://[::1]:11434/")]
    public void TryNormalize_ReadsOllamaHostLikeTheCli(string value, string expected)
    {
        Assert.True(OllamaEndpoint.TryNormalize(value, out var endpoint, out var error), error);
        Assert.Equal(new Uri(expected), endpoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ftp://box")]
    [InlineData("box:notaport")]
    [InlineData("box:70000")]
    public void TryNormalize_RejectsUnusableValues(string value)
    {
        Assert.False(OllamaEndpoint.TryNormalize(value, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void TryResolve_PrefersOptionsThenHttpClientThenTheVariableThenTheDefault()
    {
        var variable = TestProviders.UniqueVariable("HOST");
        using var http = new HttpClient { BaseAddress = new Uri("http://from-client:1/") };
        try
        {
            Environment.SetEnvironmentVariable(variable, "from-env:2");

            Assert.True(OllamaEndpoint.TryResolve(new Uri("http://from-options:3"), http, variable, out var a, out var sourceA, out _));
            Assert.Equal(("http://from-options:3/", "options"), (a.ToString(), sourceA));
            Assert.True(OllamaEndpoint.TryResolve(null, http, variable, out var b, out var sourceB, out _));
            Assert.Equal(("http://from-client:1/", "HttpClient.BaseAddress"), (b.ToString(), sourceB));
            Assert.True(OllamaEndpoint.TryResolve(null, null, variable, out var c, out var sourceC, out _));
            Assert.Equal(("http://from-env:2/", variable), (c.ToString(), sourceC));
            Environment.SetEnvironmentVariable(variable, null);
            Assert.True(OllamaEndpoint.TryResolve(null, null, variable, out var d, out var sourceD, out _));
            Assert.Equal(("http://localhost:11434/", "default"), (d.ToString(), sourceD));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("https://alice:pw@ollama.example.com:443", "https://ollama.example.com/")]
    [InlineData("https://alice:pw@ollama.example.com", "https://ollama.example.com/")]
    [InlineData("http://alice:pw@gpu-box:9000/ollama?token=t0k3n", "http://gpu-box:9000/ollama/")]
    [InlineData("alice:pw@gpu-box", "http://gpu-box:11434/")]
    public void TryNormalize_DropsUserInfoAndQuery(string value, string expected)
    {
        Assert.True(OllamaEndpoint.TryNormalize(value, out var endpoint, out var error), error);

        Assert.Equal(new Uri(expected), endpoint);
        Assert.Empty(endpoint.UserInfo);
        Assert.DoesNotContain("pw", endpoint.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://alice:pw@host:notaport")]
    [InlineData("alice:pw@host:70000")]
    public void TryNormalize_UnusableValueWithUserInfo_ErrorDoesNotEchoIt(string value)
    {
        Assert.False(OllamaEndpoint.TryNormalize(value, out _, out var error));

        Assert.DoesNotContain("pw", error, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Display_OmitsUserInfoAndQuery() =>
        Assert.Equal("https://ollama.example.com/x/", OllamaEndpoint.Display(new Uri("https://alice:pw@ollama.example.com:443/x/?token=t")));
}
