namespace LlmRouter.Bedrock;

/// <summary>Options of the Amazon Bedrock provider (<c>AddBedrock()</c>), bound from <c>LlmRouter:Providers:bedrock</c>.</summary>
/// <remarks>
/// <para>Credentials, first found wins: <see cref="LlmProviderOptions.ApiKey"/> (a Bedrock API key, sent as a bearer token);
/// <see cref="AccessKeyId"/> + <see cref="SecretAccessKey"/> (+ <see cref="SessionToken"/>); <see cref="Profile"/>; then the
/// environment: <c>AWS_BEARER_TOKEN_BEDROCK</c>, <c>AWS_ACCESS_KEY_ID</c> + <c>AWS_SECRET_ACCESS_KEY</c> (+ <c>AWS_SESSION_TOKEN</c>),
/// <c>AWS_PROFILE</c>. Requests signed with AWS keys use Signature Version 4.</para>
/// <para><see cref="LlmProviderOptions.Endpoint"/>: <see langword="null"/> is <c>https://bedrock-runtime.{Region}.amazonaws.com</c>;
/// set it for a VPC endpoint or a proxy. Requests go to <c>{Endpoint}/model/{model id}/invoke</c> (<c>invoke-with-response-stream</c> when streaming).</para>
/// </remarks>
public sealed class BedrockProviderOptions : LlmProviderOptions
{
    /// <summary>Gets or sets the AWS region, such as <c>us-east-1</c>.</summary>
    /// <value><see langword="null"/>: <c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c>, else the region of the AWS profile in use.</value>
    public string? Region { get; set; }

    /// <summary>Gets or sets the AWS access key id.</summary>
    /// <value><see langword="null"/>: <c>AWS_ACCESS_KEY_ID</c>. Used only together with <see cref="SecretAccessKey"/>.</value>
    public string? AccessKeyId { get; set; }

    /// <summary>Gets or sets the AWS secret access key.</summary>
    /// <value><see langword="null"/>: <c>AWS_SECRET_ACCESS_KEY</c>.</value>
    public string? SecretAccessKey { get; set; }

    /// <summary>Gets or sets the session token of temporary AWS credentials.</summary>
    /// <value><see langword="null"/>: <c>AWS_SESSION_TOKEN</c> when the keys come from the environment; none when they come from options.</value>
    public string? SessionToken { get; set; }

    /// <summary>Gets or sets the named profile of the AWS shared config and credentials files to take credentials (and the region) from.</summary>
    /// <value><see langword="null"/>: <c>AWS_PROFILE</c>, when no keys are given.</value>
    public string? Profile { get; set; }

    /// <summary>Gets or sets the AWS shared credentials file to read <see cref="Profile"/> from.</summary>
    /// <value><see langword="null"/>: the AWS SDK's default locations (<c>~/.aws/credentials</c> and <c>~/.aws/config</c>).</value>
    public string? SharedCredentialsFile { get; set; }

    /// <summary>Gets or sets the <c>max_tokens</c> sent when a request's <c>ChatOptions.MaxOutputTokens</c> is not set.</summary>
    /// <value><see langword="null"/>: the SDK's default of 1024 tokens.</value>
    public int? MaxOutputTokens { get; set; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{nameof(BedrockProviderOptions)} {{ Region = {Region ?? "default"}, Endpoint = {Endpoint?.ToString() ?? "default"}, " +
        $"ApiKey = {ProviderSettings.Mask(ApiKey)}, AccessKeyId = {ProviderSettings.Mask(AccessKeyId)}, " +
        $"SecretAccessKey = {(string.IsNullOrEmpty(SecretAccessKey) ? "(none)" : "(set)")}, SessionToken = {(string.IsNullOrEmpty(SessionToken) ? "(none)" : "(set)")}, " +
        $"Profile = {Profile ?? "(none)"} }}";
}
