namespace LlmRouter.AspNetCore;

/// <summary>One part of a message's content: <c>text</c>, <c>image_url</c>, <c>input_audio</c>, <c>file</c> or <c>refusal</c>.</summary>
internal sealed class ContentPartDto
{
    public string? Type { get; set; }

    public string? Text { get; set; }

    public ImageUrlDto? ImageUrl { get; set; }

    public InputAudioDto? InputAudio { get; set; }

    public FileDto? File { get; set; }

    public string? Refusal { get; set; }
}
