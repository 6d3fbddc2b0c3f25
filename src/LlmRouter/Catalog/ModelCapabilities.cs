namespace LlmRouter;

/// <summary>What a model can do beyond plain text chat.</summary>
[Flags]
public enum ModelCapabilities
{
    /// <summary>Nothing beyond text chat.</summary>
    None = 0,

    /// <summary>Streams its answer.</summary>
    Streaming = 1,

    /// <summary>Calls tools (functions).</summary>
    Tools = 2,

    /// <summary>Accepts images.</summary>
    Vision = 4,

    /// <summary>Follows a JSON schema for its answer.</summary>
    StructuredOutput = 8,

    /// <summary>Reasons before answering (thinking tokens).</summary>
    Reasoning = 16,

    /// <summary>Generates embeddings.</summary>
    Embeddings = 32,
}
