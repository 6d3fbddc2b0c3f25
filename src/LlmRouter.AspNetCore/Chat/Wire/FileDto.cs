namespace LlmRouter.AspNetCore;

/// <summary>A file part: its data as a <c>data:</c> URI and its name (uploaded file ids are not supported by a gateway).</summary>
internal sealed class FileDto
{
    public string? FileData { get; set; }

    public string? FileId { get; set; }

    public string? Filename { get; set; }
}
