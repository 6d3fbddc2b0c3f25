using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>Judges how hard a prompt is, and so which tier should answer it.</summary>
public interface IComplexityClassifier
{
    /// <summary>Assesses a request.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options (tools, response format).</param>
    /// <returns>The assessment.</returns>
    ComplexityAssessment Assess(IReadOnlyList<ChatMessage> messages, ChatOptions? options);
}
