using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>
/// Which messages of a conversation are dropped together, and which may not be dropped at all: a message with a function call and the
/// messages with its results form one group (so a call is never left without its result, nor a result without its call), and a group
/// with a system message or the last user message in it is kept.
/// </summary>
internal static class MessageGroups
{
    /// <summary>Finds the groups of a conversation.</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="groupOf">Receives, for each message, the index of the first message of its group.</param>
    /// <param name="kept">Receives, for each group (at the index of its first message), whether it must be kept.</param>
    public static void Find(IReadOnlyList<ChatMessage> messages, Span<int> groupOf, Span<bool> kept)
    {
        var count = messages.Count;
        for (var i = 0; i < count; i++)
        {
            groupOf[i] = i;
        }

        Dictionary<string, int>? calls = null;
        var lastUser = -1;
        for (var i = 0; i < count; i++)
        {
            var message = messages[i];
            if (message.Role == ChatRole.User)
            {
                lastUser = i;
            }

            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case FunctionCallContent { CallId: { Length: > 0 } id }:
                        (calls ??= new Dictionary<string, int>(StringComparer.Ordinal)).TryAdd(id, i);
                        break;
                    case FunctionResultContent { CallId: { Length: > 0 } id } when calls is not null && calls.TryGetValue(id, out var call):
                        Union(groupOf, call, i);
                        break;
                }
            }
        }

        // Union keeps the smaller index as the root, so each message's root is its group's first message.
        for (var i = 0; i < count; i++)
        {
            groupOf[i] = Root(groupOf, i);
            kept[i] = false;
        }

        for (var i = 0; i < count; i++)
        {
            if (i == lastUser || IsSystem(messages[i].Role))
            {
                kept[groupOf[i]] = true;
            }
        }
    }

    /// <summary>Tells whether a role gives instructions rather than conversation: <c>system</c>, or OpenAI's <c>developer</c>.</summary>
    public static bool IsSystem(ChatRole role) =>
        role == ChatRole.System || string.Equals(role.Value, "developer", StringComparison.OrdinalIgnoreCase);

    private static int Root(Span<int> parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Union(Span<int> parent, int a, int b)
    {
        var ra = Root(parent, a);
        var rb = Root(parent, b);
        if (ra < rb)
        {
            parent[rb] = ra;
        }
        else if (rb < ra)
        {
            parent[ra] = rb;
        }
    }
}
