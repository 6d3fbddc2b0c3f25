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
public sealed partial class HeuristicComplexityClassifier : IComplexityClassifier
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

    /// <summary>Initializes a new instance of the <see cref="HeuristicComplexityClassifier"/> class.</summary>
    public HeuristicComplexityClassifier()
    {
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
}
