using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>
/// Judges how hard a prompt is from cheap textual signals, without a model: prompt and conversation length,
/// code (fenced blocks, code keywords, stack traces), reasoning cues (prove, derive, step by step, calculate,
/// math expressions), several parts or questions, creative cues, tools, structured output, images and
/// conversation depth.
/// </summary>
/// <remarks>
/// <para>Keywords and structure are read from the last user message; length, images and depth from the whole conversation.
/// Each keyword counts once however often it repeats. The text is read with a few vectorized passes and no allocation
/// beyond the result, so an assessment of a 2 KB prompt takes a few microseconds.</para>
/// <para>The score, from 0 to 1, maps to the recommended tier as follows: below 0.2 <see cref="ModelTier.Fast"/>,
/// below 0.45 <see cref="ModelTier.Balanced"/>, below 0.7 <see cref="ModelTier.Smart"/>, otherwise
/// <see cref="ModelTier.Frontier"/>. <see cref="ModelTier.Local"/> is never recommended: whether a local model is
/// good enough is the routing strategy's decision.</para>
/// <para>The classifier is stateless and thread-safe; the same input always gives the same assessment.</para>
/// </remarks>
public sealed class HeuristicComplexityClassifier : IComplexityClassifier
{
    /// <summary>Scores below this recommend <see cref="ModelTier.Fast"/>.</summary>
    internal const double FastBelow = 0.2;

    /// <summary>Scores below this (and at least <see cref="FastBelow"/>) recommend <see cref="ModelTier.Balanced"/>.</summary>
    internal const double BalancedBelow = 0.45;

    /// <summary>Scores below this (and at least <see cref="BalancedBelow"/>) recommend <see cref="ModelTier.Smart"/>; higher scores recommend <see cref="ModelTier.Frontier"/>.</summary>
    internal const double SmartBelow = 0.7;

    private const int LongPromptTokens = 400;
    private const int VeryLongPromptTokens = 2_000;
    private const int LongContextTokens = 4_000;
    private const int ShortPromptTokens = 40;
    private const int GreetingMaxChars = 48;
    private const int WordTableSize = 4096;

    private static readonly Keyword[] Keywords = Prepare(
    [
        // Code.
        new("def ", Category.Code, 2, WholeWord: false),
        new("console.log", Category.Code, 2, WholeWord: false),
        new("system.out", Category.Code, 2, WholeWord: false),
        new("printf(", Category.Code, 2, WholeWord: false),
        new("traceback", Category.Code, 2, WholeWord: false),
        new("stack trace", Category.Code, 2, WholeWord: false),
        new("stacktrace", Category.Code, 2, WholeWord: false),
        new("exception", Category.Code, 2, WholeWord: false),
        new("segfault", Category.Code, 2, WholeWord: false),
        new("segmentation fault", Category.Code, 2, WholeWord: false),
        new("error:", Category.Code, 1, WholeWord: false),
        new("typeerror", Category.Code, 2, WholeWord: false),
        new("valueerror", Category.Code, 2, WholeWord: false),
        new("keyerror", Category.Code, 2, WholeWord: false),
        new("syntaxerror", Category.Code, 2, WholeWord: false),
        new("nullpointer", Category.Code, 2, WholeWord: false),
        new("nullreference", Category.Code, 2, WholeWord: false),
        new("compil", Category.Code, 1, WholeWord: false),
        new("refactor", Category.Code, 2, WholeWord: false),
        new("debug", Category.Code, 2, WholeWord: false),
        new("bug", Category.Code, 1, WholeWord: false),
        new("regex", Category.Code, 2, WholeWord: false),
        new("sql", Category.Code, 2, WholeWord: true),
        new("python", Category.Code, 2, WholeWord: false),
        new("javascript", Category.Code, 2, WholeWord: false),
        new("typescript", Category.Code, 2, WholeWord: false),
        new("java", Category.Code, 2, WholeWord: true),
        new("golang", Category.Code, 2, WholeWord: false),
        new("kotlin", Category.Code, 2, WholeWord: false),
        new("rust", Category.Code, 1, WholeWord: true),
        new("html", Category.Code, 1, WholeWord: true),
        new("css", Category.Code, 1, WholeWord: true),
        new("json", Category.Code, 1, WholeWord: true),
        new("yaml", Category.Code, 1, WholeWord: true),
        new("api", Category.Code, 1, WholeWord: true),
        new("apis", Category.Code, 1, WholeWord: true),
        new("endpoint", Category.Code, 1, WholeWord: false),
        new("function", Category.Code, 1, WholeWord: false),
        new("class ", Category.Code, 1, WholeWord: false),
        new("variable", Category.Code, 1, WholeWord: false),
        new("script", Category.Code, 1, WholeWord: true),
        new("code", Category.Code, 1, WholeWord: false),
        new("implement", Category.Code, 1, WholeWord: false),
        new("react", Category.Code, 1, WholeWord: true),
        new("component", Category.Code, 1, WholeWord: false),
        new("django", Category.Code, 2, WholeWord: false),
        new("flask", Category.Code, 1, WholeWord: true),
        new("frontend", Category.Code, 1, WholeWord: false),
        new("backend", Category.Code, 1, WholeWord: false),
        new("database", Category.Code, 1, WholeWord: false),
        new("query", Category.Code, 1, WholeWord: false),
        new("queries", Category.Code, 1, WholeWord: false),
        new("server", Category.Code, 1, WholeWord: false),
        new("deploy", Category.Code, 1, WholeWord: false),
        new("crash", Category.Code, 1, WholeWord: false),
        new("runtime", Category.Code, 1, WholeWord: false),
        new("framework", Category.Code, 1, WholeWord: false),
        new("github", Category.Code, 1, WholeWord: false),
        new("repo", Category.Code, 1, WholeWord: false),
        new("unit test", Category.Code, 2, WholeWord: false),
        new("return ", Category.Code, 1, WholeWord: false),
        new("import ", Category.Code, 1, WholeWord: false),
        new("public static", Category.Code, 2, WholeWord: false),
        new("private ", Category.Code, 1, WholeWord: false),
        new("void ", Category.Code, 1, WholeWord: false),
        new("async ", Category.Code, 1, WholeWord: false),
        new("await ", Category.Code, 1, WholeWord: false),
        new("const ", Category.Code, 1, WholeWord: false),
        new("var ", Category.Code, 1, WholeWord: false),
        new("lambda", Category.Code, 1, WholeWord: false),
        new("npm ", Category.Code, 2, WholeWord: false),
        new("pip install", Category.Code, 2, WholeWord: false),
        new("git ", Category.Code, 1, WholeWord: false),
        new("docker", Category.Code, 1, WholeWord: false),
        new("kubernetes", Category.Code, 1, WholeWord: false),
        new("linq", Category.Code, 2, WholeWord: true),
        new("dotnet", Category.Code, 2, WholeWord: false),

        // Reasoning.
        new("prove", Category.Reasoning, 3, WholeWord: false),
        new("proof", Category.Reasoning, 3, WholeWord: false),
        new("deriv", Category.Reasoning, 3, WholeWord: false),
        new("theorem", Category.Reasoning, 3, WholeWord: false),
        new("lemma", Category.Reasoning, 3, WholeWord: false),
        new("step by step", Category.Reasoning, 2, WholeWord: false),
        new("step-by-step", Category.Reasoning, 2, WholeWord: false),
        new("why", Category.Reasoning, 1, WholeWord: true),
        new("optimi", Category.Reasoning, 2, WholeWord: false),
        new("optimal", Category.Reasoning, 2, WholeWord: false),
        new("calculat", Category.Reasoning, 2, WholeWord: false),
        new("compute", Category.Reasoning, 1, WholeWord: false),
        new("solve", Category.Reasoning, 2, WholeWord: false),
        new("equation", Category.Reasoning, 2, WholeWord: false),
        new("integral", Category.Reasoning, 2, WholeWord: false),
        new("probabilit", Category.Reasoning, 2, WholeWord: false),
        new("expected value", Category.Reasoning, 2, WholeWord: false),
        new("big-o", Category.Reasoning, 2, WholeWord: false),
        new("big o", Category.Reasoning, 2, WholeWord: false),
        new("time complexity", Category.Reasoning, 2, WholeWord: false),
        new("algorithm", Category.Reasoning, 1, WholeWord: false),
        new("logic", Category.Reasoning, 1, WholeWord: false),
        new("deduc", Category.Reasoning, 2, WholeWord: false),
        new("infer", Category.Reasoning, 1, WholeWord: false),
        new("reason", Category.Reasoning, 1, WholeWord: false),
        new("how many", Category.Reasoning, 1, WholeWord: false),
        new("show that", Category.Reasoning, 2, WholeWord: false),
        new("formula", Category.Reasoning, 1, WholeWord: false),
        new("matri", Category.Reasoning, 1, WholeWord: false),
        new("eigen", Category.Reasoning, 2, WholeWord: false),
        new("polynomial", Category.Reasoning, 2, WholeWord: false),
        new("modulo", Category.Reasoning, 1, WholeWord: false),
        new("prime", Category.Reasoning, 1, WholeWord: false),
        new("riddle", Category.Reasoning, 1, WholeWord: false),
        new("puzzle", Category.Reasoning, 1, WholeWord: false),
        new("estimate", Category.Reasoning, 1, WholeWord: false),

        // Creative.
        new("story", Category.Creative, 2, WholeWord: false),
        new("stories", Category.Creative, 2, WholeWord: false),
        new("poem", Category.Creative, 2, WholeWord: false),
        new("poetry", Category.Creative, 2, WholeWord: false),
        new("haiku", Category.Creative, 2, WholeWord: false),
        new("limerick", Category.Creative, 2, WholeWord: false),
        new("sonnet", Category.Creative, 2, WholeWord: false),
        new("lyrics", Category.Creative, 2, WholeWord: false),
        new("song", Category.Creative, 1, WholeWord: true),
        new("novel", Category.Creative, 1, WholeWord: true),
        new("fiction", Category.Creative, 2, WholeWord: false),
        new("fairy tale", Category.Creative, 2, WholeWord: false),
        new("narrative", Category.Creative, 1, WholeWord: false),
        new("screenplay", Category.Creative, 2, WholeWord: false),
        new("character", Category.Creative, 1, WholeWord: false),
        new("plot", Category.Creative, 1, WholeWord: true),
        new("rhyme", Category.Creative, 2, WholeWord: false),
        new("verse", Category.Creative, 1, WholeWord: true),
        new("fantasy", Category.Creative, 1, WholeWord: false),
        new("imagine", Category.Creative, 1, WholeWord: false),
        new("creative", Category.Creative, 1, WholeWord: false),
        new("joke", Category.Creative, 2, WholeWord: false),
        new("slogan", Category.Creative, 1, WholeWord: false),
        new("tagline", Category.Creative, 1, WholeWord: false),
        new("dialogue", Category.Creative, 1, WholeWord: false),
        new("metaphor", Category.Creative, 1, WholeWord: false),

        // Analysis and intensity.
        new("analy", Category.Analysis, 1, WholeWord: false),
        new("compar", Category.Analysis, 1, WholeWord: false),
        new("evaluat", Category.Analysis, 1, WholeWord: false),
        new("design", Category.Analysis, 1, WholeWord: false),
        new("architect", Category.Analysis, 1, WholeWord: false),
        new("trade-off", Category.Analysis, 1, WholeWord: false),
        new("tradeoff", Category.Analysis, 1, WholeWord: false),
        new("pros and cons", Category.Analysis, 1, WholeWord: false),
        new("comprehensive", Category.Analysis, 1, WholeWord: false),
        new("detail", Category.Analysis, 1, WholeWord: false),
        new("depth", Category.Analysis, 1, WholeWord: false),
        new("thorough", Category.Analysis, 1, WholeWord: false),
        new("rigorous", Category.Analysis, 2, WholeWord: false),
        new("research", Category.Analysis, 1, WholeWord: false),
        new("strateg", Category.Analysis, 1, WholeWord: false),
        new("critique", Category.Analysis, 1, WholeWord: false),
        new("essay", Category.Analysis, 1, WholeWord: false),
        new("report", Category.Analysis, 1, WholeWord: false),
        new("complex", Category.Analysis, 1, WholeWord: false),
        new("difficult", Category.Analysis, 1, WholeWord: false),
        new("advanced", Category.Analysis, 1, WholeWord: false),
        new("nuanced", Category.Analysis, 1, WholeWord: false),

        // Ordinary instructions: not hard, but more than chit-chat.
        new("summar", Category.Task, 1, WholeWord: false),
        new("explain", Category.Task, 1, WholeWord: false),
        new("rewrite", Category.Task, 1, WholeWord: false),
        new("rephrase", Category.Task, 1, WholeWord: false),
        new("paraphrase", Category.Task, 1, WholeWord: false),
        new("translat", Category.Task, 1, WholeWord: false),
        new("describe", Category.Task, 1, WholeWord: false),
        new("outline", Category.Task, 1, WholeWord: false),
        new("draft", Category.Task, 1, WholeWord: false),
        new("proofread", Category.Task, 1, WholeWord: false),
        new("email", Category.Task, 1, WholeWord: false),
        new("letter", Category.Task, 1, WholeWord: false),
        new("review", Category.Task, 1, WholeWord: false),
        new("list", Category.Task, 1, WholeWord: true),
    ], firstId: 0);

    /// <summary>Code tokens that do not start with a letter; found with a vectorized search.</summary>
    private static readonly Keyword[] Symbols = Prepare(
    [
        new("#include", Category.Code, 2, WholeWord: false),
        new("C#", Category.Code, 2, WholeWord: false),
        new("c#", Category.Code, 2, WholeWord: false),
        new("C++", Category.Code, 2, WholeWord: false),
        new("c++", Category.Code, 2, WholeWord: false),
        new("=>", Category.Code, 1, WholeWord: false),
        new("();", Category.Code, 2, WholeWord: false),
        new("</", Category.Code, 1, WholeWord: false),
        new("::", Category.Code, 1, WholeWord: false),
        new("&&", Category.Code, 1, WholeWord: false),
        new("||", Category.Code, 1, WholeWord: false),
        new("!=", Category.Code, 1, WholeWord: false),
    ], firstId: Keywords.Length);

    private static readonly string[] Greetings =
    [
        "hi", "hello", "hey", "hiya", "howdy", "yo", "greetings", "thanks", "thank you", "good morning",
        "good afternoon", "good evening", "bonjour", "hola", "hallo", "ok", "okay", "cool", "bye", "goodbye",
    ];

    private static readonly string[] ToolSignals = ["0 tools", "1 tool", "2 tools", "3 tools", "4 tools", "5 tools", "6 tools", "7 tools", "8 tools", "9 tools", "10 tools"];

    private static readonly Keyword[]?[] WordTable = BuildWordTable();
    private static readonly SearchValues<string> SymbolSearch = SearchValues.Create(GetTexts(Symbols), StringComparison.Ordinal);
    private static readonly SearchValues<char> MathChars = SearchValues.Create("=+*/^<>×÷±∫∑∏√π≤≥≠≈∞∂≡∀∃∈");

    /// <summary>Initializes a new instance of the <see cref="HeuristicComplexityClassifier"/> class.</summary>
    public HeuristicComplexityClassifier()
    {
    }

    private enum Category : byte
    {
        Code,
        Reasoning,
        Creative,
        Analysis,
        Task,
    }

    /// <inheritdoc />
    public ComplexityAssessment Assess(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);

        var lastUser = -1;
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == ChatRole.User)
            {
                lastUser = i;
                break;
            }
        }

        if (lastUser < 0)
        {
            lastUser = messages.Count - 1;
        }

        long totalChars = options?.Instructions?.Length ?? 0;
        long lastChars = 0;
        var images = 0;
        var turns = 0;
        var counts = default(Counts);
        ReadOnlySpan<char> firstText = default;

        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.Role != ChatRole.System)
            {
                turns++;
            }

            var contents = message.Contents;
            for (var j = 0; j < contents.Count; j++)
            {
                switch (contents[j])
                {
                    case TextContent { Text: { Length: > 0 } text }:
                        totalChars += text.Length;
                        if (i == lastUser)
                        {
                            lastChars += text.Length;
                            if (firstText.IsEmpty)
                            {
                                firstText = text.AsSpan().Trim();
                            }

                            Scan(text, ref counts);
                        }

                        break;
                    case DataContent d when d.HasTopLevelMediaType("image"):
                        images++;
                        break;
                    case UriContent u when u.HasTopLevelMediaType("image"):
                        images++;
                        break;
                }
            }
        }

        var lastTokens = (lastChars + 3) / 4;
        var otherTokens = ((totalChars + 3) / 4) - lastTokens;
        var signals = default(SignalBuffer);
        var signalCount = 0;
        var score = 0.0;

        // Length of the prompt itself: 0 up to 20 tokens, 0.15 at 200, 0.3 at 2,000 and beyond.
        if (lastTokens > 20)
        {
            score += 0.3 * Math.Min(1.0, Math.Log10(lastTokens / 20.0) / 2.0);
        }

        if (lastTokens >= VeryLongPromptTokens)
        {
            signals[signalCount++] = "very long prompt";
        }
        else if (lastTokens >= LongPromptTokens)
        {
            signals[signalCount++] = "long prompt";
        }

        // Earlier context: 0 up to 500 tokens, 0.1 at about 20,000.
        if (otherTokens > 500)
        {
            score += 0.1 * Math.Min(1.0, Math.Log10(otherTokens / 500.0) / 1.6);
            if (otherTokens >= LongContextTokens)
            {
                signals[signalCount++] = "long context";
            }
        }

        if (turns >= 6)
        {
            score += turns >= 20 ? 0.1 : turns >= 12 ? 0.08 : 0.04;
            signals[signalCount++] = "deep conversation";
        }

        var codeEvidence = counts.Code + (3 * counts.FencedBlocks) + (counts.StackFrames >= 2 ? 3 : 0) + (counts.CodePunctuation >= 6 ? 2 : 0);
        if (codeEvidence >= 2)
        {
            score += 0.22 + (0.04 * Math.Min(codeEvidence - 2, 6));
            signals[signalCount++] = counts.FencedBlocks > 0 ? "code block" : "code";
            if (counts.StackFrames >= 2)
            {
                signals[signalCount++] = "stack trace";
            }
        }

        // One arithmetic expression ("what is 2+2?") is not reasoning; three or more are strong evidence.
        var reasoningEvidence = counts.Reasoning + (counts.MathExpressions >= 3 ? 4 : counts.MathExpressions);
        if (reasoningEvidence >= 2)
        {
            score += 0.2 + (0.05 * Math.Min(reasoningEvidence - 2, 6));
            if (counts.Reasoning >= 2)
            {
                signals[signalCount++] = "reasoning";
            }

            if (counts.MathExpressions > 0)
            {
                signals[signalCount++] = "math";
            }
        }

        var creative = counts.Creative >= 2;
        if (creative)
        {
            score += 0.15;
            signals[signalCount++] = "creative";
        }

        if (counts.Analysis > 0)
        {
            score += 0.04 * Math.Min(counts.Analysis, 5);
            if (counts.Analysis >= 2)
            {
                signals[signalCount++] = "analysis";
            }
        }

        if (counts.Task > 0)
        {
            score += 0.03 * Math.Min(counts.Task, 3);
            signals[signalCount++] = "instruction";
        }

        var parts = Math.Max(Math.Max(counts.NumberedItems, counts.Bullets), counts.Questions);
        if (parts >= 2)
        {
            score += 0.04 * Math.Min(parts, 6);
            signals[signalCount++] = "multi-part";
        }

        var tools = options?.Tools?.Count ?? 0;
        if (tools > 0)
        {
            score += Math.Min(0.25, 0.05 * tools);
            signals[signalCount++] = tools == 1 ? "1 tool" : tools < ToolSignals.Length ? ToolSignals[tools] : "many tools";
        }

        if (options?.ResponseFormat is ChatResponseFormatJson json)
        {
            var schema = json.Schema is not null;
            score += schema ? 0.1 : 0.04;
            signals[signalCount++] = schema ? "JSON schema" : "JSON output";
        }

        if (images > 0)
        {
            score += 0.15 + (0.03 * (Math.Min(images, 5) - 1));
            signals[signalCount++] = images == 1 ? "image" : "images";
        }

        score = Math.Clamp(score, 0.0, 1.0);

        TaskType taskType;
        if (images > 0)
        {
            taskType = TaskType.Vision;
        }
        else if (codeEvidence >= 2 || reasoningEvidence >= 2)
        {
            taskType = codeEvidence >= reasoningEvidence ? TaskType.Code : TaskType.Reasoning;
        }
        else if (creative)
        {
            taskType = TaskType.Creative;
        }
        else if (counts.Analysis >= 3 || parts >= 3 || lastTokens >= LongPromptTokens || score >= BalancedBelow)
        {
            taskType = TaskType.Complex;
        }
        else if (score < 0.1 && lastTokens <= ShortPromptTokens && counts.Task == 0)
        {
            taskType = TaskType.Simple;
        }
        else
        {
            taskType = TaskType.Moderate;
        }

        if (signalCount == 0)
        {
            signals[signalCount++] = taskType != TaskType.Simple ? "plain prompt"
                : IsGreeting(firstText) ? "greeting"
                : counts.Questions > 0 ? "short question"
                : "short prompt";
        }

        var signalArray = new string[signalCount];
        for (var i = 0; i < signalCount; i++)
        {
            signalArray[i] = signals[i];
        }

        return new ComplexityAssessment(score, taskType, TierFor(score), signalArray);
    }

    /// <summary>Maps a score to the tier it recommends; never <see cref="ModelTier.Local"/>.</summary>
    /// <param name="score">The score, from 0 to 1.</param>
    /// <returns>The tier.</returns>
    internal static ModelTier TierFor(double score) =>
        score < FastBelow ? ModelTier.Fast
        : score < BalancedBelow ? ModelTier.Balanced
        : score < SmartBelow ? ModelTier.Smart
        : ModelTier.Frontier;

    private static void Scan(string text, ref Counts counts)
    {
        var span = text.AsSpan();
        ScanWords(span, ref counts);
        ScanSymbols(span, ref counts);
        ScanLines(span, ref counts);
        counts.CodePunctuation += span.Count('{') + span.Count('}') + span.Count(';');

        // Fenced code blocks; math and questions are only counted outside them.
        var position = 0;
        var inside = false;
        while (true)
        {
            var found = span[position..].IndexOf("```", StringComparison.Ordinal);
            var end = found < 0 ? span.Length : position + found;
            if (!inside)
            {
                var prose = span[position..end];
                counts.Questions += prose.Count('?');
                counts.MathExpressions += CountMath(prose);
            }

            if (found < 0)
            {
                break;
            }

            if (!inside)
            {
                counts.FencedBlocks++;
            }

            inside = !inside;
            position = end + 3;
        }
    }

    /// <summary>
    /// Matches keywords at every word start: an ASCII letter not preceded by an ASCII letter or digit and followed by two more
    /// letters (every keyword starts with three letters). Word starts are found eight characters at a time.
    /// </summary>
    private static void ScanWords(ReadOnlySpan<char> text, ref Counts counts)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated && text.Length >= Vector128<ushort>.Count + 3)
        {
            MatchWordIfStart(text, 0, ref counts);
            ref var chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            var last = text.Length - Vector128<ushort>.Count - 2;
            for (i = 1; i <= last; i += Vector128<ushort>.Count)
            {
                var previous = Vector128.LoadUnsafe(ref chars, (nuint)(i - 1));
                var current = Vector128.LoadUnsafe(ref chars, (nuint)i);
                var next = Vector128.LoadUnsafe(ref chars, (nuint)(i + 1));
                var afterNext = Vector128.LoadUnsafe(ref chars, (nuint)(i + 2));
                var words = Vector128.AndNot(IsAsciiLetter(current) & IsAsciiLetter(next) & IsAsciiLetter(afterNext), IsAsciiLetterOrDigit(previous));
                var starts = Vector128.ExtractMostSignificantBits(words);
                while (starts != 0)
                {
                    MatchWord(text, i + BitOperations.TrailingZeroCount(starts), ref counts);
                    starts &= starts - 1;
                }
            }
        }

        for (; i < text.Length; i++)
        {
            MatchWordIfStart(text, i, ref counts);
        }
    }

    private static void MatchWordIfStart(ReadOnlySpan<char> text, int index, ref Counts counts)
    {
        if (index + 2 < text.Length
            && char.IsAsciiLetter(text[index]) && char.IsAsciiLetter(text[index + 1]) && char.IsAsciiLetter(text[index + 2])
            && (index == 0 || !char.IsAsciiLetterOrDigit(text[index - 1])))
        {
            MatchWord(text, index, ref counts);
        }
    }

    private static Vector128<ushort> IsAsciiLetter(Vector128<ushort> chars) =>
        Vector128.LessThanOrEqual((chars | Vector128.Create((ushort)0x20)) - Vector128.Create((ushort)'a'), Vector128.Create((ushort)('z' - 'a')));

    private static Vector128<ushort> IsAsciiLetterOrDigit(Vector128<ushort> chars) =>
        IsAsciiLetter(chars) | Vector128.LessThanOrEqual(chars - Vector128.Create((ushort)'0'), Vector128.Create((ushort)9));

    private static void MatchWord(ReadOnlySpan<char> text, int index, ref Counts counts)
    {
        if (WordTable[WordSlot(text[index], text[index + 1], text[index + 2])] is { } bucket)
        {
            MatchAt(text, index, bucket, ref counts);
        }
    }

    /// <summary>Gets a word's slot in <see cref="WordTable"/> from its first three characters, ignoring ASCII case.</summary>
    private static int WordSlot(char first, char second, char third) =>
        (int)(((uint)(first | 0x20) * 961 + ((uint)(second | 0x20) * 31) + (uint)(third | 0x20)) & (WordTableSize - 1));

    /// <summary>Finds code tokens that start with a symbol (<c>=&gt;</c>, <c>();</c>, <c>#include</c>); stops early, as their evidence is capped anyway.</summary>
    private static void ScanSymbols(ReadOnlySpan<char> text, ref Counts counts)
    {
        const int MaxHits = 16;
        var offset = 0;
        for (var hits = 0; hits < MaxHits && offset < text.Length; hits++)
        {
            var found = text[offset..].IndexOfAny(SymbolSearch);
            if (found < 0)
            {
                return;
            }

            var index = offset + found;
            MatchAt(text, index, Symbols, ref counts);
            offset = index + 1;
        }
    }

    private static void MatchAt(ReadOnlySpan<char> text, int index, Keyword[] candidates, ref Counts counts)
    {
        var rest = text[index..];
        var head = Pack(rest);
        var tail = rest.Length > 4 ? Pack(rest[4..]) : 0;
        for (var k = 0; k < candidates.Length; k++)
        {
            ref readonly var keyword = ref candidates[k];

            // A keyword seen before adds nothing; keywords never overlap, so skipping it cannot hide another match.
            if ((head & keyword.HeadMask) != keyword.Head
                || (tail & keyword.TailMask) != keyword.Tail
                || keyword.Text.Length > rest.Length
                || counts.HasSeen(keyword.Id)
                || (keyword.NeedsFullCompare && !StartsWithLowerKeyword(rest, keyword.Text))
                || (keyword.WholeWord && keyword.Text.Length < rest.Length && char.IsLetterOrDigit(rest[keyword.Text.Length])))
            {
                continue;
            }

            counts.Add(keyword);
            return;
        }
    }

    /// <summary>Packs up to four characters, with ASCII case folded, into one number: comparing two of them compares eight characters at once.</summary>
    private static ulong Pack(ReadOnlySpan<char> text)
    {
        const ulong CaseBits = 0x0020_0020_0020_0020;
        if (text.Length >= 4)
        {
            return MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(text[..4])) | CaseBits;
        }

        ulong packed = 0;
        for (var i = 0; i < text.Length; i++)
        {
            packed |= (ulong)text[i] << CharShift(i);
        }

        return packed | CaseBits;
    }

    private static int CharShift(int position) => 16 * (BitConverter.IsLittleEndian ? position : 3 - position);

    /// <summary>Compares text with a lower-case ASCII keyword, ignoring the case of letters only.</summary>
    private static bool StartsWithLowerKeyword(ReadOnlySpan<char> text, string keyword)
    {
        if (text.Length < keyword.Length)
        {
            return false;
        }

        for (var i = 0; i < keyword.Length; i++)
        {
            var expected = keyword[i];
            var actual = text[i];
            if (actual != expected && (expected < 'a' || expected > 'z' || (actual | 0x20) != expected))
            {
                return false;
            }
        }

        return true;
    }

    private static void ScanLines(ReadOnlySpan<char> text, ref Counts counts)
    {
        var rest = text;
        while (!rest.IsEmpty)
        {
            var newline = rest.IndexOf('\n');
            var line = (newline < 0 ? rest : rest[..newline]).TrimStart();
            if (line.Length > 2)
            {
                var digits = 0;
                while (digits < line.Length && digits < 3 && char.IsAsciiDigit(line[digits]))
                {
                    digits++;
                }

                if (digits > 0 && digits + 1 < line.Length && (line[digits] == '.' || line[digits] == ')') && line[digits + 1] == ' ')
                {
                    counts.NumberedItems++;
                }
                else if ((line[0] == '-' || line[0] == '*' || line[0] == '•') && line[1] == ' ')
                {
                    counts.Bullets++;
                }
                else if (line.StartsWith("at ", StringComparison.Ordinal) && (line.Contains('(') || line.Contains(":line ", StringComparison.Ordinal)))
                {
                    counts.StackFrames++;
                }
                else if (line.StartsWith("File \"", StringComparison.Ordinal) && line.Contains(", line ", StringComparison.Ordinal))
                {
                    counts.StackFrames++;
                }
            }

            if (newline < 0)
            {
                break;
            }

            rest = rest[(newline + 1)..];
        }
    }

    /// <summary>Counts math expressions: math symbols, and operators between numbers or one-letter variables (<c>2x + 3 = 7</c>, <c>x^2</c>).</summary>
    private static int CountMath(ReadOnlySpan<char> text)
    {
        const int MaxHits = 3;
        const int MaxExamined = 24;
        var hits = 0;
        var offset = 0;
        for (var examined = 0; hits < MaxHits && examined < MaxExamined && offset < text.Length; examined++)
        {
            var found = text[offset..].IndexOfAny(MathChars);
            if (found < 0)
            {
                break;
            }

            var index = offset + found;
            offset = index + 1;
            var op = text[index];
            if (op > 127)
            {
                hits++;
                continue;
            }

            var left = Operand(text, index, -1);
            var right = Operand(text, index, +1);
            if (left == OperandKind.None || right == OperandKind.None)
            {
                continue;
            }

            var numeric = left == OperandKind.Number || right == OperandKind.Number;
            if (numeric || op == '=' || op == '^')
            {
                hits++;
            }
        }

        return hits;
    }

    private static OperandKind Operand(ReadOnlySpan<char> text, int index, int direction)
    {
        var i = index + direction;
        while ((uint)i < (uint)text.Length && text[i] == ' ')
        {
            i += direction;
        }

        if ((uint)i >= (uint)text.Length)
        {
            return OperandKind.None;
        }

        var c = text[i];
        if (char.IsAsciiDigit(c))
        {
            return OperandKind.Number;
        }

        if (c == (direction < 0 ? ')' : '('))
        {
            return OperandKind.Variable;
        }

        if (char.IsAsciiLetter(c))
        {
            var beyond = i + direction;
            return (uint)beyond < (uint)text.Length && char.IsLetter(text[beyond]) ? OperandKind.None : OperandKind.Variable;
        }

        return OperandKind.None;
    }

    private static bool IsGreeting(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > GreetingMaxChars)
        {
            return false;
        }

        foreach (var greeting in Greetings)
        {
            if (text.StartsWith(greeting, StringComparison.OrdinalIgnoreCase)
                && (text.Length == greeting.Length || !char.IsLetter(text[greeting.Length])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Numbers keywords for the seen-keyword bit set and packs their first eight characters.</summary>
    private static Keyword[] Prepare(Keyword[] keywords, int firstId)
    {
        for (var i = 0; i < keywords.Length; i++)
        {
            var text = keywords[i].Text;
            var headMask = Mask(Math.Min(text.Length, 4));
            var tailMask = Mask(Math.Clamp(text.Length - 4, 0, 4));
            keywords[i] = keywords[i] with
            {
                Id = firstId + i,
                Head = Pack(text) & headMask,
                HeadMask = headMask,
                Tail = text.Length > 4 ? Pack(text.AsSpan(4)) & tailMask : 0,
                TailMask = tailMask,
                NeedsFullCompare = text.Length > 8 || text.AsSpan().ContainsAnyExceptInRange('a', 'z'),
            };
        }

        return keywords;

        static ulong Mask(int characters)
        {
            ulong mask = 0;
            for (var c = 0; c < characters; c++)
            {
                mask |= 0xFFFFUL << CharShift(c);
            }

            return mask;
        }
    }

    private static string[] GetTexts(Keyword[] keywords)
    {
        var texts = new string[keywords.Length];
        for (var i = 0; i < keywords.Length; i++)
        {
            texts[i] = keywords[i].Text;
        }

        return texts;
    }

    private static Keyword[]?[] BuildWordTable()
    {
        if (Keywords.Length + Symbols.Length > Counts.MaxKeywords)
        {
            throw new InvalidOperationException("Too many keywords for the seen-keyword bit set.");
        }

        var lists = new List<Keyword>?[WordTableSize];
        foreach (var keyword in Keywords)
        {
            var text = keyword.Text;
            if (text.Length < 3 || !char.IsAsciiLetterLower(text[0]) || !char.IsAsciiLetterLower(text[1]) || !char.IsAsciiLetterLower(text[2])
                || !Ascii.IsValid(text) || text != text.ToLowerInvariant())
            {
                throw new InvalidOperationException($"Keyword '{text}' must be lower-case ASCII and start with three letters.");
            }

            (lists[WordSlot(text[0], text[1], text[2])] ??= []).Add(keyword);
        }

        var table = new Keyword[]?[lists.Length];
        for (var i = 0; i < lists.Length; i++)
        {
            if (lists[i] is { } list)
            {
                // Longest first, so "step by step" wins over a shorter keyword at the same place.
                list.Sort(static (a, b) => b.Text.Length.CompareTo(a.Text.Length));
                table[i] = [.. list];
            }
        }

        return table;
    }

    private enum OperandKind
    {
        None,
        Number,
        Variable,
    }

    /// <summary>A keyword: matched at a word start, ignoring case, as a prefix unless <paramref name="WholeWord"/>.</summary>
    private readonly record struct Keyword(string Text, Category Category, byte Weight, bool WholeWord)
    {
        /// <summary>Gets the keyword's number in the seen-keyword bit set.</summary>
        public int Id { get; init; }

        /// <summary>Gets the keyword's first four characters as <see cref="Pack"/> packs them.</summary>
        public ulong Head { get; init; }

        /// <summary>Gets the bits of <see cref="Head"/> the keyword's characters cover.</summary>
        public ulong HeadMask { get; init; }

        /// <summary>Gets the keyword's characters five to eight as <see cref="Pack"/> packs them.</summary>
        public ulong Tail { get; init; }

        /// <summary>Gets the bits of <see cref="Tail"/> the keyword's characters cover (none for short keywords).</summary>
        public ulong TailMask { get; init; }

        /// <summary>Gets a value indicating whether matching <see cref="Head"/> and <see cref="Tail"/> is not proof enough: longer than eight characters, or not only letters.</summary>
        public bool NeedsFullCompare { get; init; }
    }

    private struct Counts
    {
        public int Code;
        public int Reasoning;
        public int Creative;
        public int Analysis;
        public int Task;
        public int FencedBlocks;
        public int StackFrames;
        public int CodePunctuation;
        public int NumberedItems;
        public int Bullets;
        public int Questions;
        public int MathExpressions;

        public const int MaxKeywords = 256;

        private SeenBits _seen;

        public readonly bool HasSeen(int id) => (_seen[id >> 6] & (1UL << (id & 63))) != 0;

        /// <summary>Adds a keyword's weight, once per distinct keyword: repeating a word is not more evidence.</summary>
        public void Add(in Keyword keyword)
        {
            ref var bits = ref _seen[keyword.Id >> 6];
            var mask = 1UL << (keyword.Id & 63);
            if ((bits & mask) != 0)
            {
                return;
            }

            bits |= mask;
            var weight = keyword.Weight;
            switch (keyword.Category)
            {
                case Category.Code:
                    Code += weight;
                    break;
                case Category.Reasoning:
                    Reasoning += weight;
                    break;
                case Category.Creative:
                    Creative += weight;
                    break;
                case Category.Analysis:
                    Analysis += weight;
                    break;
                default:
                    Task += weight;
                    break;
            }
        }
    }

    [InlineArray(Counts.MaxKeywords / 64)]
    private struct SeenBits
    {
        private ulong _element;
    }

    [InlineArray(16)]
    private struct SignalBuffer
    {
        private string _element;
    }
}
