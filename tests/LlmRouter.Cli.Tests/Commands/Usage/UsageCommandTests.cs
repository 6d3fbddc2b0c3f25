using LlmRouter.Cli.Tests.TestSupport;
using LlmRouter.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Cli.Tests.Commands.Usage;

public sealed class UsageCommandTests : IDisposable
{
    private static readonly UsageDetails Tokens = new() { InputTokenCount = 1000, OutputTokenCount = 1000 };

    private readonly CliHarness _cli = new();
    private readonly FakeLlmProvider _openai;
    private readonly FakeLlmProvider _anthropic;

    public UsageCommandTests()
    {
        _openai = _cli.AddFake("openai");
        _anthropic = _cli.AddFake("anthropic");
        _cli.WriteAppSettings($$"""{ "LlmRouter": { "Storage": { "Sqlite": "Data Source={{_cli.PathOf("usage.db")}}" } } }""");
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Usage_Json_SumsWhatEarlierRunsSpent_FromTheSqliteStore()
    {
        await ChatAsync("openai/gpt-4o-mini", times: 2);
        await ChatAsync("anthropic/claude-haiku-4-5", times: 1);

        var result = await _cli.RunAsync("usage", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        var usage = result.Json();
        Assert.Equal("sqlite", usage.GetProperty("store").GetString());
        Assert.Equal("model", usage.GetProperty("by").GetString());
        Assert.Equal(3, usage.GetProperty("requests").GetInt64());
        Assert.Equal(3, usage.GetProperty("successful").GetInt64());
        Assert.Equal(3000, usage.GetProperty("outputTokens").GetInt64());

        // gpt-4o-mini: 2 × ($0.00015 + $0.0006); claude-haiku-4-5: $0.001 + $0.005.
        Assert.Equal(0.0075m, usage.GetProperty("cost").GetDecimal());
        var groups = usage.GetProperty("groups").EnumerateArray().ToArray();
        Assert.Equal(["anthropic/claude-haiku-4-5", "openai/gpt-4o-mini"], groups.Select(g => g.GetProperty("name").GetString()));
        Assert.Equal(2, groups[1].GetProperty("requests").GetInt64());
        Assert.Equal(0.0015m, groups[1].GetProperty("cost").GetDecimal());
    }

    [Fact]
    public async Task Usage_By_GroupsByProviderOrDay()
    {
        await ChatAsync("openai/gpt-4o-mini", times: 1);
        await ChatAsync("openai/gpt-4.1-nano", times: 1);

        var byProvider = (await _cli.RunAsync("usage", "--by", "provider", "--json")).Json();
        var byDay = (await _cli.RunAsync("usage", "--by", "day", "--json")).Json();

        var provider = Assert.Single(byProvider.GetProperty("groups").EnumerateArray());
        Assert.Equal("openai", provider.GetProperty("name").GetString());
        Assert.Equal(2, provider.GetProperty("requests").GetInt64());
        var day = Assert.Single(byDay.GetProperty("groups").EnumerateArray());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), day.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Usage_Table_HasEveryGroupTheTotalsAndABarChart()
    {
        await ChatAsync("openai/gpt-4o-mini", times: 2);
        await ChatAsync("anthropic/claude-haiku-4-5", times: 1);

        var result = await _cli.RunAsync("usage");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("store: sqlite (Data Source=", result.Output, StringComparison.Ordinal);
        var lines = result.Output.Split('\n');
        var haiku = Assert.Single(lines, l => l.Contains("│ anthropic/claude-haiku-4-5", StringComparison.Ordinal));
        Assert.Contains("$0.0060", haiku, StringComparison.Ordinal);
        Assert.Contains("80%", haiku, StringComparison.Ordinal);
        var total = Assert.Single(lines, l => l.Contains("│ total", StringComparison.Ordinal));
        Assert.Contains("$0.0075", total, StringComparison.Ordinal);
        Assert.Contains("3 request(s): 3 succeeded, 0 failed", result.Output, StringComparison.Ordinal);
        Assert.Contains("Cost by model (USD)", result.Output, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.TrimStart().StartsWith("anthropic/claude-haiku-4-5", StringComparison.Ordinal) && l.Contains('█'));
    }

    [Fact]
    public async Task Usage_Since_LeavesOutEarlierUsage()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
        _cli.Time = time;
        await ChatAsync("openai/gpt-4o-mini", times: 1);
        time.Advance(TimeSpan.FromDays(3));
        await ChatAsync("openai/gpt-4o-mini", times: 1);
        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(2, await RequestsSinceAsync(null));
        Assert.Equal(1, await RequestsSinceAsync("1d"));
        Assert.Equal(1, await RequestsSinceAsync("today"));
        Assert.Equal(2, await RequestsSinceAsync("7d"));
        Assert.Equal(2, await RequestsSinceAsync("2026-07-01"));
        Assert.Equal(1, await RequestsSinceAsync("2026-07-02T00:00"));
        Assert.Equal(0, await RequestsSinceAsync("30m"));
    }

    [Fact]
    public async Task Usage_FailedAttempts_AreCounted()
    {
        _openai.ForModel("gpt-4o-mini").AlwaysFail(LlmErrorKind.Authentication);
        await _cli.RunAsync("chat", "--model", "gpt-4o-mini", "hi");

        var usage = (await _cli.RunAsync("usage", "--json")).Json();

        Assert.Equal(1, usage.GetProperty("failed").GetInt64());
    }

    [Fact]
    public async Task Usage_WithoutAPersistentStore_WarnsHowToConfigureOne()
    {
        File.Delete(_cli.PathOf("appsettings.json"));

        var result = await _cli.RunAsync("usage", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("memory", result.Json().GetProperty("store").GetString());
        Assert.Equal(0, result.Json().GetProperty("requests").GetInt64());
        Assert.Contains("LlmRouter:Storage:Sqlite", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_BothStoresNamed_IsARuntimeFailure()
    {
        _cli.Environment["LlmRouter__Storage__Redis"] = "localhost:6379";

        var result = await _cli.RunAsync("usage");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("name one store", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--since", "last week")]
    [InlineData("--since", "7y")]
    [InlineData("--by", "colour")]
    public async Task Usage_BadOption_IsAUsageError(string option, string value)
    {
        var result = await _cli.RunAsync("usage", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
    }

    private async Task ChatAsync(string model, int times)
    {
        var provider = model.StartsWith("openai/", StringComparison.Ordinal) ? _openai : _anthropic;
        for (var i = 0; i < times; i++)
        {
            provider.ForModel(model[(model.IndexOf('/', StringComparison.Ordinal) + 1)..]).EnqueueResponse("ok", Tokens);
            var result = await _cli.RunAsync("chat", "--model", model, "hello");
            Assert.True(result.ExitCode == 0, result.ToString());
        }
    }

    private async Task<long> RequestsSinceAsync(string? since)
    {
        var result = since is null ? await _cli.RunAsync("usage", "--json") : await _cli.RunAsync("usage", "--since", since, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json().GetProperty("requests").GetInt64();
    }
}
