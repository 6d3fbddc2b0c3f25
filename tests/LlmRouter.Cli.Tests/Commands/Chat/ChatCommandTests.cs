using LlmRouter.Cli.Tests.TestSupport;
using LlmRouter.Testing;

namespace LlmRouter.Cli.Tests.Commands.Chat;

public sealed class ChatCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly FakeLlmProvider _openai;

    public ChatCommandTests()
    {
        _openai = _cli.AddFake("openai");
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Chat_Prompt_StreamsTheAnswerThenTheRouteTokensAndCost()
    {
        _openai.ForModel("gpt-4o-mini").EnqueueResponse("Paris is the capital of France.", new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 500 });

        var result = await _cli.RunAsync("chat", "--model", "gpt-4o-mini", "What is the capital of France?");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Paris is the capital of France.", lines[0]);

        // gpt-4o-mini: $0.15 in, $0.60 out per million tokens.
        Assert.StartsWith("→ openai/gpt-4o-mini (direct) · 1,000 in / 500 out tokens · $0.000450 · ", lines[1], StringComparison.Ordinal);
        var request = Assert.Single(_openai.ForModel("gpt-4o-mini").Requests);
        Assert.True(request.IsStreaming);
        Assert.Equal("What is the capital of France?", request.LastUserText);
    }

    [Fact]
    public async Task Chat_Json_IsOneDocumentWithTheAnswerRouteTokensAndCost()
    {
        _openai.ForModel("gpt-4o-mini").EnqueueResponse("Paris.", new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 500 });

        var result = await _cli.RunAsync("chat", "--json", "-m", "openai/gpt-4o-mini", "Capital of France?");

        Assert.Equal(0, result.ExitCode);
        var answer = result.Json();
        Assert.Equal("openai/gpt-4o-mini", answer.GetProperty("model").GetString());
        Assert.Equal("direct", answer.GetProperty("strategy").GetString());
        Assert.Equal("Paris.", answer.GetProperty("text").GetString());
        Assert.Equal(1000, answer.GetProperty("inputTokens").GetInt64());
        Assert.Equal(500, answer.GetProperty("outputTokens").GetInt64());
        Assert.Equal(0.00045m, answer.GetProperty("cost").GetDecimal());
        var attempt = Assert.Single(answer.GetProperty("attempts").EnumerateArray());
        Assert.Equal("openai/gpt-4o-mini", attempt.GetProperty("model").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, attempt.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Chat_WithoutAModel_IsRoutedByTheStrategy()
    {
        var result = await _cli.RunAsync("chat", "--json", "--strategy", "cost", "Say hi.");

        Assert.Equal(0, result.ExitCode);
        var answer = result.Json();
        Assert.Equal("cost", answer.GetProperty("strategy").GetString());
        Assert.StartsWith("openai/", answer.GetProperty("model").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("fake response to: Say hi.", answer.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_Interactive_SendsTheWholeConversationEachTime()
    {
        var mini = _openai.ForModel("gpt-4o-mini");
        mini.EnqueueResponse("Nice to meet you, Ada.").EnqueueResponse("Your name is Ada.");
        _cli.Input = "My name is Ada.\n\nWhat is my name?\n/exit\nnever sent\n";

        var result = await _cli.RunAsync("chat", "--model", "gpt-4o-mini");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, mini.CallCount);
        var second = mini.Requests[1].Messages;
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User], second.Select(m => m.Role));
        Assert.Equal(["My name is Ada.", "Nice to meet you, Ada.", "What is my name?"], second.Select(m => m.Text));
        Assert.Contains("Your name is Ada.", result.Output, StringComparison.Ordinal);
        Assert.Equal(2, result.Output.Split('\n').Count(l => l.StartsWith("→ openai/gpt-4o-mini", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Chat_Interactive_ResetForgetsTheConversation()
    {
        var mini = _openai.ForModel("gpt-4o-mini");
        _cli.Input = "first\n/reset\nsecond\n";

        var result = await _cli.RunAsync("chat", "--model", "gpt-4o-mini");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["second"], mini.Requests[1].Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Chat_Interactive_AFailedQuestionIsReportedAndLeftOutOfTheHistory()
    {
        var mini = _openai.ForModel("gpt-4o-mini");
        mini.EnqueueFailure(LlmErrorKind.InvalidRequest, message: "bad request").EnqueueResponse("ok");
        _cli.Input = "broken\nfine\n";

        var result = await _cli.RunAsync("chat", "--model", "gpt-4o-mini");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error:", result.Error, StringComparison.Ordinal);
        Assert.Equal(["fine"], mini.Requests[1].Messages.Select(m => m.Text));
        Assert.Contains("ok", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_UnknownModel_FailsWithCloseMatchesBeforeAnyCall()
    {
        var result = await _cli.RunAsync("chat", "--model", "gpt-4o-mni", "hello");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains("Did you mean", result.Error, StringComparison.Ordinal);
        Assert.Contains("openai/gpt-4o-mini", result.Error, StringComparison.Ordinal);
        Assert.Empty(_openai.GetChatClientCalls);
    }

    [Fact]
    public async Task Chat_ProviderError_ExitsOneWithTheRouterError()
    {
        _openai.ForModel("gpt-4o-mini").AlwaysFail(LlmErrorKind.Authentication);

        var result = await _cli.RunAsync("chat", "--model", "gpt-4o-mini", "--json", "hello");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains("openai/gpt-4o-mini: Authentication", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_NoProviderConfigured_ExitsOneSayingWhatToSet()
    {
        _openai.IsConfigured = false;

        var result = await _cli.RunAsync("chat", "hello");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No provider is configured", result.Error, StringComparison.Ordinal);
        Assert.Contains("OPENAI_API_KEY", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ALocalServerThatDoesNotAnswer_TakesNoTraffic()
    {
        _openai.IsConfigured = false;
        _cli.AddFake("ollama", isLocal: true).Health = new ProviderHealth(false, "Ollama isn't running");

        var result = await _cli.RunAsync("chat", "hello");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No provider is configured", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_JsonWithoutAPrompt_IsAUsageError()
    {
        var result = await _cli.RunAsync("chat", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains("needs a prompt", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_UnknownStrategy_IsAUsageErrorListingTheStrategies()
    {
        var result = await _cli.RunAsync("chat", "--strategy", "fastest", "hello");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown strategy 'fastest'", result.Error, StringComparison.Ordinal);
        Assert.Contains("complexity", result.Error, StringComparison.Ordinal);
        Assert.Empty(_openai.GetChatClientCalls);
    }
}
