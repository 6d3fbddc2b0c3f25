namespace LlmRouter.AspNetCore;

/// <summary>An audio part: base64 data and its format (<c>wav</c>, <c>mp3</c>).</summary>
internal sealed class InputAudioDto
{
    public string? Data { get; set; }

    public string? Format { get; set; }
}
