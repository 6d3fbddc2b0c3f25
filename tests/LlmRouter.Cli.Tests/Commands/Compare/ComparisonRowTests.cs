using LlmRouter.Cli.Commands.Compare;

namespace LlmRouter.Cli.Tests.Commands.Compare;

public sealed class ComparisonRowTests
{
    private static ModelComparison Answered(string model, decimal cost, int milliseconds) =>
        new(model, new ChatResponse(new ChatMessage(ChatRole.Assistant, "answer of " + model)), null, TimeSpan.FromMilliseconds(milliseconds), cost);

    [Fact]
    public void ComparisonRow_MarksTheCheapestAndTheFastestAmongThoseThatAnswered()
    {
        var rows = ComparisonRow.From(
        [
            Answered("a/cheap-slow", 0.001m, 900),
            Answered("b/dear-fast", 0.010m, 100),
            Answered("c/middle", 0.005m, 500),
            new ModelComparison("d/failed", null, new LlmException(LlmErrorKind.Unavailable, "down"), TimeSpan.FromMilliseconds(1), 0m),
        ]);

        Assert.Equal([true, false, false, false], rows.Select(r => r.Cheapest));
        Assert.Equal([false, true, false, false], rows.Select(r => r.Fastest));
        Assert.Equal("Unavailable: down", rows[3].Error);
        Assert.False(rows[3].Succeeded);
    }

    [Fact]
    public void ComparisonRow_TiesAreAllMarked()
    {
        var rows = ComparisonRow.From([Answered("a/x", 0m, 100), Answered("b/y", 0m, 100)]);

        Assert.All(rows, r => Assert.True(r.Cheapest && r.Fastest));
    }

    [Fact]
    public void ComparisonRow_WhenNothingAnswered_NothingIsMarked()
    {
        var rows = ComparisonRow.From([new ModelComparison("a/x", null, new LlmException(LlmErrorKind.Timeout, "slow"), TimeSpan.Zero, 0m)]);

        Assert.False(rows[0].Cheapest || rows[0].Fastest);
    }
}
