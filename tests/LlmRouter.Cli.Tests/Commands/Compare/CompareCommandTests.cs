using LlmRouter.Cli.Tests.TestSupport;
using LlmRouter.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Cli.Tests.Commands.Compare;

public sealed class CompareCommandTests : IDisposable
{
    private static readonly UsageDetails SameUsage = new() { InputTokenCount = 1000, OutputTokenCount = 1000 };

    private readonly CliHarness _cli = new();
    private readonly FakeLlmProvider _openai;
    private readonly FakeLlmProvider _anthropic;

    public CompareCommandTests()
    {
        _openai = _cli.AddFake("openai");
        _anthropic = _cli.AddFake("anthropic");
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Compare_Json_HasEveryModelsAnswerTokensAndCost_TheCheapestMarked()
    {
        _openai.ForModel("gpt-4o-mini").EnqueueResponse("Four.", SameUsage);
        _anthropic.ForModel("claude-haiku-4-5").EnqueueResponse("It is 4.", SameUsage);

        var result = await _cli.RunAsync("compare", "--json", "--models", "gpt-4o-mini,claude-haiku", "What is 2+2?");

        Assert.Equal(0, result.ExitCode);
        var rows = result.Json().EnumerateArray().ToArray();
        Assert.Equal(["openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"], rows.Select(r => r.GetProperty("model").GetString()));
        Assert.All(rows, r => Assert.True(r.GetProperty("ok").GetBoolean()));
        Assert.Equal("Four.", rows[0].GetProperty("answer").GetString());
        Assert.Equal(1000, rows[1].GetProperty("outputTokens").GetInt64());

        // Same tokens; gpt-4o-mini costs $0.15 + $0.60 per million, claude-haiku-4-5 $1 + $5.
        Assert.Equal(0.00075m, rows[0].GetProperty("cost").GetDecimal());
        Assert.Equal(0.006m, rows[1].GetProperty("cost").GetDecimal());
        Assert.True(rows[0].GetProperty("cheapest").GetBoolean());
        Assert.False(rows[1].GetProperty("cheapest").GetBoolean());
        Assert.Single(rows, r => r.GetProperty("fastest").GetBoolean());
    }

    [Fact]
    public async Task Compare_AsksEveryModelAtOnce()
    {
        var time = new FakeTimeProvider();
        var slowOpenAi = _cli.AddFake("groq", time: time);
        var slowMistral = _cli.AddFake("mistral", time: time);
        slowOpenAi.ForModel("llama-3.1-8b-instant").Latency = TimeSpan.FromSeconds(30);
        slowMistral.ForModel("mistral-small-latest").Latency = TimeSpan.FromSeconds(30);

        var run = _cli.RunAsync("compare", "--json", "-m", "groq/llama-3.1-8b-instant", "-m", "mistral/mistral-small-latest", "hi");

        // Both requests are in flight before either answers: sent one after the other, the second would wait for the first.
        await WaitUntilAsync(() => slowOpenAi.ForModel("llama-3.1-8b-instant").CallCount == 1 && slowMistral.ForModel("mistral-small-latest").CallCount == 1);
        time.Advance(TimeSpan.FromSeconds(30));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, result.Json().GetArrayLength());
    }

    [Fact]
    public async Task Compare_AModelThatFails_IsShownAndTheExitCodeIsOne()
    {
        _openai.ForModel("gpt-4o-mini").EnqueueResponse("Four.", SameUsage);
        _anthropic.ForModel("claude-haiku-4-5").AlwaysFail(LlmErrorKind.QuotaExhausted);

        var result = await _cli.RunAsync("compare", "--json", "--models", "gpt-4o-mini,anthropic/claude-haiku-4-5", "What is 2+2?");

        Assert.Equal(1, result.ExitCode);
        var rows = result.Json().EnumerateArray().ToArray();
        Assert.True(rows[0].GetProperty("cheapest").GetBoolean());
        Assert.True(rows[0].GetProperty("fastest").GetBoolean());
        Assert.False(rows[1].GetProperty("ok").GetBoolean());
        Assert.StartsWith("QuotaExhausted", rows[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(rows[1].GetProperty("cheapest").GetBoolean());
    }

    [Fact]
    public async Task Compare_AModelOfAnUnconfiguredProvider_FailsAlone()
    {
        _openai.ForModel("gpt-4o-mini").EnqueueResponse("Four.", SameUsage);

        var result = await _cli.RunAsync("compare", "--json", "--models", "gpt-4o-mini,gemini/gemini-2.5-flash", "What is 2+2?");

        Assert.Equal(1, result.ExitCode);
        var rows = result.Json().EnumerateArray().ToArray();
        Assert.True(rows[0].GetProperty("ok").GetBoolean());
        Assert.False(rows[1].GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Compare_Table_ShowsTheAnswerExcerptLatencyTokensCostAndMarks()
    {
        _openai.ForModel("gpt-4o-mini").EnqueueResponse("Four. " + new string('x', 200), SameUsage);
        _anthropic.ForModel("claude-haiku-4-5").EnqueueResponse("It is 4.", SameUsage);

        var result = await _cli.RunAsync("compare", "--models", "gpt-4o-mini,claude-haiku-4-5", "What is 2+2?");

        Assert.Equal(0, result.ExitCode);
        var mini = Assert.Single(result.Output.Split('\n'), l => l.Contains("openai/gpt-4o-mini", StringComparison.Ordinal));
        Assert.Contains("Four. xxx", mini, StringComparison.Ordinal);
        Assert.Contains("…", mini, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 100), mini, StringComparison.Ordinal);
        Assert.Contains("1,000/1,000", mini, StringComparison.Ordinal);
        Assert.Contains("$0.000750", mini, StringComparison.Ordinal);
        Assert.Contains("cheapest", mini, StringComparison.Ordinal);
        var haiku = Assert.Single(result.Output.Split('\n'), l => l.Contains("anthropic/claude-haiku-4-5", StringComparison.Ordinal));
        Assert.Contains("It is 4.", haiku, StringComparison.Ordinal);
        Assert.DoesNotContain("cheapest", haiku, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_InATerminal_ShowsLiveProgressThenTheTable()
    {
        _cli.Interactive = true;
        _cli.Ansi = true;

        var result = await _cli.RunAsync("compare", "--models", "gpt-4o-mini,claude-haiku-4-5", "What is 2+2?");

        Assert.Equal(0, result.ExitCode);
        var progress = result.PlainOutput.IndexOf("anthropic/claude-haiku-4-5 answered", StringComparison.Ordinal);
        var table = result.PlainOutput.IndexOf("Tokens in/out", StringComparison.Ordinal);
        Assert.True(progress >= 0 && progress < table, result.ToString());
    }

    [Fact]
    public async Task Compare_UnknownModel_FailsWithCloseMatchesBeforeAnyCall()
    {
        var result = await _cli.RunAsync("compare", "--models", "gpt-4o-mini,claude-haikoo", "What is 2+2?");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Unknown model or alias 'claude-haikoo'", result.Error, StringComparison.Ordinal);
        Assert.Contains("claude-haiku", result.Error, StringComparison.Ordinal);
        Assert.Empty(_openai.GetChatClientCalls);
    }

    [Fact]
    public async Task Compare_WithoutModels_IsAUsageError()
    {
        var result = await _cli.RunAsync("compare", "What is 2+2?");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--models", result.Error, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
