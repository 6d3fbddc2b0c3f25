namespace LlmRouter;

/// <summary>The kind of task a prompt asks for.</summary>
public enum TaskType
{
    /// <summary>A short question or chit-chat.</summary>
    Simple,

    /// <summary>An ordinary request: summarise, explain, rewrite.</summary>
    Moderate,

    /// <summary>A long or many-part request.</summary>
    Complex,

    /// <summary>Creative writing.</summary>
    Creative,

    /// <summary>Writing, reviewing or debugging code.</summary>
    Code,

    /// <summary>Mathematics, proofs, multi-step reasoning.</summary>
    Reasoning,

    /// <summary>A request about images.</summary>
    Vision,
}
