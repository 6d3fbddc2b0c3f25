namespace LlmRouter.AspNetCore;

/// <summary>A streaming request's <c>stream_options</c>.</summary>
internal sealed class StreamOptionsDto
{
    public bool? IncludeUsage { get; set; }
}
