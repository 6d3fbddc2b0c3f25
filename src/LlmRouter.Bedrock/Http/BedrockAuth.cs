using Anthropic.Bedrock;

namespace LlmRouter.Bedrock;

/// <summary>What the Bedrock provider authenticates with, or why it cannot.</summary>
/// <param name="Region">The AWS region, if found.</param>
/// <param name="Credentials">The credentials to give Anthropic.Bedrock, if found.</param>
/// <param name="Source">Where the credentials came from, for people (never the secret).</param>
/// <param name="Problem">Why the provider is not configured, or <see langword="null"/> when it is.</param>
/// <param name="Secrets">The secrets requests carry (bearer token, secret access key, session token), kept out of error messages;
/// a profile's keys are added when they are first read.</param>
internal sealed record BedrockAuth(string? Region, IAnthropicBedrockCredentials? Credentials, string? Source, string? Problem, IEnumerable<string?> Secrets);
