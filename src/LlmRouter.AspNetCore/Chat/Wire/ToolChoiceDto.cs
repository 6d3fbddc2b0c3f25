namespace LlmRouter.AspNetCore;

/// <summary>A request's <c>tool_choice</c>: <c>none</c>, <c>auto</c>, <c>required</c>, or one function by name.</summary>
/// <param name="Mode">The mode when given as a string.</param>
/// <param name="FunctionName">The function required when given as <c>{"type":"function","function":{"name":…}}</c>.</param>
internal sealed record ToolChoiceDto(string? Mode, string? FunctionName);
