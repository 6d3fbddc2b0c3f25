namespace LlmRouter;

/// <summary>How capable (and usually how expensive) a model is, from local models to frontier models.</summary>
public enum ModelTier
{
    /// <summary>A model that runs on the host's own hardware (Ollama, vLLM, LM Studio, llama.cpp); free to call.</summary>
    Local,

    /// <summary>A small, cheap, quick hosted model for simple prompts.</summary>
    Fast,

    /// <summary>A mid-sized model: the everyday default.</summary>
    Balanced,

    /// <summary>A strong model for code, analysis and multi-step work.</summary>
    Smart,

    /// <summary>The strongest (and costliest) models, for the hardest reasoning.</summary>
    Frontier,
}
