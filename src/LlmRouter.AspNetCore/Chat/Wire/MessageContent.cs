namespace LlmRouter.AspNetCore;

/// <summary>A message's <c>content</c>: a plain string, or an array of parts (text, images, audio, files).</summary>
/// <param name="Text">The content when it is a string.</param>
/// <param name="Parts">The content when it is an array of parts.</param>
internal sealed record MessageContent(string? Text, List<ContentPartDto?>? Parts);
