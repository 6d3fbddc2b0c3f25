namespace LlmRouter.AspNetCore;

/// <summary>An image part: an <c>https:</c> URL or a <c>data:</c> URI, and the detail level asked for.</summary>
internal sealed class ImageUrlDto
{
    public string? Url { get; set; }

    public string? Detail { get; set; }
}
