namespace LlmRouter.Ollama;

/// <summary>What <see cref="OllamaMapper"/> remembers across the updates of one stream.</summary>
internal sealed class OllamaStreamState
{
    /// <summary>Gets or sets how many tool calls the stream has carried so far (their index, for stable call ids).</summary>
    public int ToolCalls { get; set; }

    /// <summary>Gets or sets a value indicating whether the final (done) update has been seen.</summary>
    public bool SawDone { get; set; }
}
