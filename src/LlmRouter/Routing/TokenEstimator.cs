using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>Estimates prompt sizes in tokens without a tokenizer: about four characters a token, plus per-message and per-image overheads.</summary>
internal static class TokenEstimator
{
    private const int CharsPerToken = 4;
    private const int PerMessageOverhead = 4;
    private const int PerImage = 1_000;
    private const int PerTool = 60;

    public static int Estimate(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        long chars = 0;
        long extra = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var contents = messages[i].Contents;
            extra += PerMessageOverhead;
            for (var j = 0; j < contents.Count; j++)
            {
                switch (contents[j])
                {
                    case TextContent t:
                        chars += t.Text?.Length ?? 0;
                        break;
                    case DataContent d when d.HasTopLevelMediaType("image"):
                        extra += PerImage;
                        break;
                    case UriContent u when u.HasTopLevelMediaType("image"):
                        extra += PerImage;
                        break;
                    case FunctionCallContent fc:
                        chars += fc.Name.Length + 64;
                        break;
                    case FunctionResultContent fr:
                        chars += fr.Result?.ToString()?.Length ?? 0;
                        break;
                }
            }
        }

        if (options?.Instructions is { } instructions)
        {
            chars += instructions.Length;
        }

        if (options?.Tools is { Count: > 0 } tools)
        {
            extra += tools.Count * PerTool;
        }

        var total = ((chars + CharsPerToken - 1) / CharsPerToken) + extra;
        return (int)Math.Min(total, int.MaxValue);
    }
}
