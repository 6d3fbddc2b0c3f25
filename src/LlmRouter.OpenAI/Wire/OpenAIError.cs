namespace LlmRouter.OpenAI;

/// <summary>The parts of an OpenAI error envelope (<c>{"error":{"message","type","code","param"}}</c>) that classification needs.</summary>
/// <param name="Message">The host's own message.</param>
/// <param name="Type">The error type (<c>invalid_request_error</c>, <c>insufficient_quota</c>, …).</param>
/// <param name="Code">The error code (<c>context_length_exceeded</c>, <c>model_not_found</c>, …).</param>
/// <param name="Param">The request parameter at fault, if named.</param>
/// <param name="InnerCode">Azure's <c>innererror.code</c> (<c>ResponsibleAIPolicyViolation</c>), if present.</param>
internal sealed record OpenAIError(string? Message, string? Type, string? Code, string? Param, string? InnerCode = null);
