using Microsoft.Extensions.AI;

namespace LlmRouter.Testing;

/// <summary>The fakes' deterministic token estimate: about four characters a token.</summary>
internal static class FakeTokenCounter
{
    /// <summary>Estimates the tokens of a text length, rounding up.</summary>
    public static long FromChars(long chars) => (chars + 3) / 4;

    /// <summary>Counts the characters of a prompt: every message's text plus the options' instructions.</summary>
    public static long PromptChars(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        long chars = options?.Instructions?.Length ?? 0;
        foreach (var message in messages)
        {
            chars += message.Text.Length;
        }

        return chars;
    }

    /// <summary>Builds usage from prompt and output character counts.</summary>
    public static UsageDetails Usage(long promptChars, long outputChars)
    {
        var input = FromChars(promptChars);
        var output = FromChars(outputChars);
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }

    /// <summary>Copies usage so a caller that changes a response does not change the script.</summary>
    public static UsageDetails Copy(UsageDetails usage)
    {
        var copy = new UsageDetails();
        copy.Add(usage); // sums into empty counts: a field-by-field copy, additional counts included
        return copy;
    }
}
