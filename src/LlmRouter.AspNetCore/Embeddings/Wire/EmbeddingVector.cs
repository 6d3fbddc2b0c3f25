namespace LlmRouter.AspNetCore;

/// <summary>A vector and how to write it: an array of numbers, or base64 of its little-endian float32 bytes (<c>encoding_format: base64</c>).</summary>
/// <param name="Values">The vector.</param>
/// <param name="Base64">Whether to write it as base64.</param>
internal readonly record struct EmbeddingVector(ReadOnlyMemory<float> Values, bool Base64);
