namespace LlmRouter.Bedrock;

/// <summary>The names of the environment variables the Bedrock provider reads; tests give unique names.</summary>
/// <param name="AccessKeyId">The access key id variable.</param>
/// <param name="SecretAccessKey">The secret access key variable.</param>
/// <param name="SessionToken">The session token variable.</param>
/// <param name="Profile">The profile name variable.</param>
/// <param name="BearerToken">The Bedrock API key variable.</param>
/// <param name="Region">The region variables, in order.</param>
internal sealed record BedrockEnvironment(
    string AccessKeyId,
    string SecretAccessKey,
    string SessionToken,
    string Profile,
    string BearerToken,
    IReadOnlyList<string> Region)
{
    /// <summary>Gets the usual AWS variables.</summary>
    public static BedrockEnvironment Default { get; } = new(
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_BEARER_TOKEN_BEDROCK",
        ["AWS_REGION", "AWS_DEFAULT_REGION"]);
}
