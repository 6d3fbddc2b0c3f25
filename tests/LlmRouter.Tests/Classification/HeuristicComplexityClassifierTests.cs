using System.Text;
using System.Text.Json;

namespace LlmRouter.Tests.Classification;

public class HeuristicComplexityClassifierTests
{
    private readonly HeuristicComplexityClassifier _classifier = new();

    private ComplexityAssessment Assess(string prompt, ChatOptions? options = null) =>
        _classifier.Assess([new ChatMessage(ChatRole.User, prompt)], options);

    [Theory]
    [InlineData("Hi!")]
    [InlineData("hello there")]
    [InlineData("Thanks")]
    public void Assess_Greeting_IsSimpleAndFast(string prompt)
    {
        var result = Assess(prompt);

        Assert.Equal(TaskType.Simple, result.TaskType);
        Assert.Equal(ModelTier.Fast, result.RecommendedTier);
        Assert.Contains("greeting", result.Signals);
        Assert.True(result.Score < 0.1);
    }

    [Theory]
    [InlineData("What is the capital of France?")]
    [InlineData("Why is the sky blue?")]
    [InlineData("What is 2+2?")]
    public void Assess_ShortFactualQuestion_IsSimpleAndFast(string prompt)
    {
        var result = Assess(prompt);

        Assert.Equal(TaskType.Simple, result.TaskType);
        Assert.Equal(ModelTier.Fast, result.RecommendedTier);
        Assert.NotEmpty(result.Signals);
    }

    [Fact]
    public void Assess_HardProof_IsReasoningAndSmartOrAbove()
    {
        var result = Assess(
            "Prove rigorously that there are infinitely many primes p with p ≡ 3 (mod 4). "
            + "Derive the argument step by step, then show that the same proof fails for p ≡ 1 (mod 4) and explain why.");

        Assert.Equal(TaskType.Reasoning, result.TaskType);
        Assert.True(result.RecommendedTier >= ModelTier.Smart, $"{result.RecommendedTier} ({result.Score})");
        Assert.Contains("reasoning", result.Signals);
    }

    [Fact]
    public void Assess_EquationsToSolve_AreReasoningWithMathSignal()
    {
        var result = Assess("Solve the system: 2x + 3y = 7 and x - y = 1. Then calculate x^2 + y^2.");

        Assert.Equal(TaskType.Reasoning, result.TaskType);
        Assert.Contains("math", result.Signals);
        Assert.True(result.RecommendedTier >= ModelTier.Balanced);
    }

    [Fact]
    public void Assess_CodePrompt_IsCodeAndBalancedOrAbove()
    {
        var result = Assess("Write a Python function that parses an ISO 8601 date string and returns a datetime.");

        Assert.Equal(TaskType.Code, result.TaskType);
        Assert.True(result.RecommendedTier >= ModelTier.Balanced, $"{result.RecommendedTier} ({result.Score})");
        Assert.Contains("code", result.Signals);
    }

    [Fact]
    public void Assess_FencedCodeWithStackTrace_IsCodeWithBothSignals()
    {
        const string Prompt = """
            My service crashes, can you fix it?
            ```csharp
            public static int Parse(string s) => int.Parse(s);
            ```
            System.FormatException: The input string 'abc' was not in a correct format.
               at System.Number.ThrowFormatException(ReadOnlySpan`1 value)
               at Program.Parse(String s) in Program.cs:line 12
               at Program.Main() in Program.cs:line 5
            """;

        var result = Assess(Prompt);

        Assert.Equal(TaskType.Code, result.TaskType);
        Assert.Contains("code block", result.Signals);
        Assert.Contains("stack trace", result.Signals);
        Assert.True(result.RecommendedTier >= ModelTier.Balanced);
    }

    [Fact]
    public void Assess_ImageContent_IsVision()
    {
        var message = new ChatMessage(ChatRole.User, [
            new TextContent("What is in this picture?"),
            new DataContent(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, "image/png"),
        ]);

        var result = _classifier.Assess([message], null);

        Assert.Equal(TaskType.Vision, result.TaskType);
        Assert.Contains("image", result.Signals);
    }

    [Fact]
    public void Assess_ImageUri_IsVision()
    {
        var message = new ChatMessage(ChatRole.User, [
            new TextContent("Describe these."),
            new UriContent(new Uri("https://example.com/a.jpg"), "image/jpeg"),
            new UriContent(new Uri("https://example.com/b.jpg"), "image/jpeg"),
        ]);

        var result = _classifier.Assess([message], null);

        Assert.Equal(TaskType.Vision, result.TaskType);
        Assert.Contains("images", result.Signals);
    }

    [Fact]
    public void Assess_NonImageData_IsNotVision()
    {
        var message = new ChatMessage(ChatRole.User, [
            new TextContent("Summarise this."),
            new DataContent(new byte[] { 1, 2, 3 }, "application/pdf"),
        ]);

        Assert.NotEqual(TaskType.Vision, _classifier.Assess([message], null).TaskType);
    }

    [Fact]
    public void Assess_ManyTools_RaiseTheScore()
    {
        const string Prompt = "Book me a table for two tonight.";
        var none = Assess(Prompt);
        var one = Assess(Prompt, new ChatOptions { Tools = Tools(1) });
        var many = Assess(Prompt, new ChatOptions { Tools = Tools(8) });

        Assert.True(one.Score > none.Score);
        Assert.True(many.Score > one.Score);
        Assert.Contains("8 tools", many.Signals);
        Assert.True(many.RecommendedTier >= ModelTier.Balanced);
    }

    [Fact]
    public void Assess_JsonSchemaOutput_RaisesTheScore()
    {
        const string Prompt = "Extract the people mentioned in the text below.";
        var plain = Assess(Prompt);
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"names":{"type":"array"}}}""").RootElement;
        var structured = Assess(Prompt, new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "people") });
        var json = Assess(Prompt, new ChatOptions { ResponseFormat = ChatResponseFormat.Json });

        Assert.True(structured.Score > json.Score);
        Assert.True(json.Score > plain.Score);
        Assert.Contains("JSON schema", structured.Signals);
    }

    [Fact]
    public void Assess_LongEssayPrompt_ScoresAboveOneLiner()
    {
        var essay = new StringBuilder("Write an essay on the history of the printing press and its effect on European society. ");
        while (essay.Length < 2048)
        {
            essay.Append("Consider the spread of literacy, the Reformation, scientific publishing and the economics of book production. ");
        }

        var longResult = Assess(essay.ToString());
        var shortResult = Assess("Write an essay on the printing press.");

        Assert.True(longResult.Score > shortResult.Score, $"{longResult.Score} <= {shortResult.Score}");
        Assert.Contains("long prompt", longResult.Signals);
    }

    [Fact]
    public void Assess_MultiPartRequest_IsMultiPart()
    {
        const string Prompt = """
            Please help with my trip:
            1. Which month is best to visit Japan?
            2. How many days do I need for Kyoto?
            3. What should I pack?
            """;

        var result = Assess(Prompt);

        Assert.Contains("multi-part", result.Signals);
        Assert.Equal(TaskType.Complex, result.TaskType);
        Assert.True(result.Score > Assess("Which month is best to visit Japan?").Score);
    }

    [Fact]
    public void Assess_CreativeRequest_IsCreative()
    {
        var result = Assess("Write a short poem about autumn leaves, then a bedtime story for my niece.");

        Assert.Equal(TaskType.Creative, result.TaskType);
        Assert.Contains("creative", result.Signals);
    }

    [Fact]
    public void Assess_DeepConversation_RaisesTheScore()
    {
        var messages = new List<ChatMessage>();
        for (var i = 0; i < 12; i++)
        {
            messages.Add(new ChatMessage(ChatRole.User, $"Tell me more about point {i}."));
            messages.Add(new ChatMessage(ChatRole.Assistant, "Here is more detail about that point."));
        }

        messages.Add(new ChatMessage(ChatRole.User, "And the next one?"));

        var deep = _classifier.Assess(messages, null);
        var single = _classifier.Assess([new ChatMessage(ChatRole.User, "And the next one?")], null);

        Assert.True(deep.Score > single.Score);
        Assert.Contains("deep conversation", deep.Signals);
    }

    [Fact]
    public void Assess_KeywordsAreReadFromTheLastUserMessage()
    {
        var messages = new List<ChatMessage>
        {
            new(ChatRole.User, "Prove the Riemann hypothesis step by step."),
            new(ChatRole.Assistant, "I cannot."),
            new(ChatRole.User, "Hi"),
        };

        var result = _classifier.Assess(messages, null);

        Assert.NotEqual(TaskType.Reasoning, result.TaskType);
        Assert.Equal(ModelTier.Fast, result.RecommendedTier);
    }

    [Fact]
    public void Assess_WordsInsideOtherWords_DoNotMatch()
    {
        // "improve" contains "prove", "approach" contains "roach", "sqlite" is not "sql" as a whole word.
        var result = Assess("How can I improve my approach to gardening?");

        Assert.DoesNotContain("reasoning", result.Signals);
        Assert.Equal(ModelTier.Fast, result.RecommendedTier);
    }

    [Fact]
    public void Assess_RepeatedKeyword_CountsOnce()
    {
        var once = Assess("Tell me why.");
        var many = Assess("Tell me why why why why why why why why.");

        Assert.Equal(once.TaskType, many.TaskType);
        Assert.DoesNotContain("reasoning", many.Signals);
    }

    [Fact]
    public void Assess_KeywordAtAnyOffsetOrLength_IsFound()
    {
        // Crosses the vectorized and scalar parts of the scan: the keyword starts at every offset, up to the very end.
        for (var before = 0; before < 40; before++)
        {
            for (var after = 0; after < 12; after++)
            {
                var prompt = new string(' ', before) + "theorem" + new string('.', after);

                Assert.Equal(TaskType.Reasoning, Assess(prompt).TaskType);
            }
        }
    }

    [Fact]
    public void Assess_KeywordGluedToPreviousWord_IsNotFound()
    {
        for (var before = 1; before < 30; before++)
        {
            var prompt = new string('x', before) + "theorem and more words after it";

            Assert.NotEqual(TaskType.Reasoning, Assess(prompt).TaskType);
        }
    }

    [Fact]
    public void Assess_UpperCaseKeywords_Match()
    {
        Assert.Equal(TaskType.Reasoning, Assess("PROVE THE THEOREM STEP BY STEP").TaskType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hi")]
    [InlineData("Prove the theorem step by step and derive the bound, optimize the constant, calculate 2x + 3 = 7, x^2 = 9, 3 * 4 = 12.")]
    public void Assess_Score_IsBetweenZeroAndOne(string prompt)
    {
        var result = Assess(prompt);

        Assert.InRange(result.Score, 0.0, 1.0);
        Assert.NotEqual(ModelTier.Local, result.RecommendedTier);
    }

    [Fact]
    public void Assess_EverythingAtOnce_IsCappedAtOneAndFrontier()
    {
        var prompt = new StringBuilder("""
            Prove the theorem rigorously, derive the bound step by step, optimize it, and explain why.
            1. Calculate 2x + 3 = 7 and x^2 = 9 and 3 * 4 = 12.
            2. Write the Python code.
            3. Give a comprehensive, detailed, in-depth analysis.
            ```python
            def f(x): return x
            ```
            """);
        while (prompt.Length < 10_000)
        {
            prompt.Append(" More context about the problem and its constraints.");
        }

        var result = Assess(prompt.ToString(), new ChatOptions { Tools = Tools(12) });

        Assert.Equal(1.0, result.Score);
        Assert.Equal(ModelTier.Frontier, result.RecommendedTier);
    }

    [Fact]
    public void Assess_EmptyConversation_IsSimple()
    {
        var result = _classifier.Assess([], null);

        Assert.Equal(TaskType.Simple, result.TaskType);
        Assert.Equal(ModelTier.Fast, result.RecommendedTier);
        Assert.NotEmpty(result.Signals);
    }

    [Fact]
    public void Assess_NonTrivialPrompt_HasSignals()
    {
        Assert.NotEmpty(Assess("Summarise the key points of the attached meeting notes for the team.").Signals);
        Assert.NotEmpty(Assess("Explain the difference between TCP and UDP in detail, with the trade-offs of each.").Signals);
    }

    [Fact]
    public void Assess_SameInput_GivesSameAssessment()
    {
        const string Prompt = "Refactor this C# method and explain why it is faster: ```int F(int x) => x * 2;```";
        var options = new ChatOptions { Tools = Tools(3) };

        var first = Assess(Prompt, options);
        var second = Assess(Prompt, options);
        var third = new HeuristicComplexityClassifier().Assess([new ChatMessage(ChatRole.User, Prompt)], options);

        Assert.Equal(first.Score, second.Score);
        Assert.Equal(first.TaskType, third.TaskType);
        Assert.Equal(first.RecommendedTier, third.RecommendedTier);
        Assert.Equal(first.Signals, second.Signals);
        Assert.Equal(first.Score, third.Score);
    }

    [Fact]
    public void Assess_IsThreadSafe()
    {
        const string Prompt = "Prove that sqrt(2) is irrational, step by step, and write Python code to check it numerically.";
        var expected = Assess(Prompt);

        Parallel.For(0, 2_000, _ =>
        {
            var actual = Assess(Prompt);
            Assert.Equal(expected.Score, actual.Score);
            Assert.Equal(expected.Signals, actual.Signals);
        });
    }

    [Theory]
    [InlineData(0.0, ModelTier.Fast)]
    [InlineData(0.199, ModelTier.Fast)]
    [InlineData(0.2, ModelTier.Balanced)]
    [InlineData(0.449, ModelTier.Balanced)]
    [InlineData(0.45, ModelTier.Smart)]
    [InlineData(0.699, ModelTier.Smart)]
    [InlineData(0.7, ModelTier.Frontier)]
    [InlineData(1.0, ModelTier.Frontier)]
    public void TierFor_MapsThresholds(double score, ModelTier expected)
    {
        Assert.Equal(expected, HeuristicComplexityClassifier.TierFor(score));
    }

    [Fact]
    public void Assess_NullMessages_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => _classifier.Assess(null!, null));
    }

    private static List<AITool> Tools(int count)
    {
        var tools = new List<AITool>(count);
        for (var i = 0; i < count; i++)
        {
            var n = i;
            tools.Add(AIFunctionFactory.Create(() => n, $"tool_{i}", $"Tool number {i}."));
        }

        return tools;
    }
}
