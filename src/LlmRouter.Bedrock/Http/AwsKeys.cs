namespace LlmRouter.Bedrock;

/// <summary>AWS credentials to sign one request with.</summary>
/// <param name="AccessKeyId">The access key id.</param>
/// <param name="SecretAccessKey">The secret access key.</param>
/// <param name="SessionToken">The session token of temporary credentials, or <see langword="null"/>.</param>
internal sealed record AwsKeys(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    /// <inheritdoc/>
    public override string ToString() => $"{nameof(AwsKeys)} {{ AccessKeyId = {ProviderSettings.Mask(AccessKeyId)} }}";
}
