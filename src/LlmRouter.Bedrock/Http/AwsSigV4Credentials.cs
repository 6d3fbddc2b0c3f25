using Anthropic.Bedrock;

namespace LlmRouter.Bedrock;

/// <summary>
/// Signs Bedrock requests with AWS Signature Version 4 using Anthropic.Bedrock's <see cref="AWSSigner"/>, with session tokens
/// (which the package's <c>AnthropicBedrockPrivateKeyCredentials</c> only accepts from its own environment lookup) and with
/// keys read per request (so a profile's refreshed temporary credentials are picked up).
/// </summary>
internal sealed class AwsSigV4Credentials : IAnthropicBedrockCredentials
{
    /// <summary>The service name requests are signed for.</summary>
    public const string SigningService = "bedrock";

    private readonly Func<Task<AwsKeys>> _keys;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="AwsSigV4Credentials"/> class.</summary>
    /// <param name="region">The region signed for.</param>
    /// <param name="keys">Gets the keys to sign the next request with.</param>
    /// <param name="timeProvider">The clock the signature's date comes from.</param>
    public AwsSigV4Credentials(string region, Func<Task<AwsKeys>> keys, TimeProvider timeProvider)
    {
        Region = region;
        _keys = keys;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc/>
    public string Region { get; }

    /// <inheritdoc/>
    public async Task Apply(HttpRequestMessage requestMessage)
    {
        ArgumentNullException.ThrowIfNull(requestMessage);
        var uri = requestMessage.RequestUri ?? throw new InvalidOperationException("The request has no URI to sign.");
        var keys = await _keys().ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var body = requestMessage.Content is null ? string.Empty : await requestMessage.Content.ReadAsStringAsync().ConfigureAwait(false);
        var payloadHash = AWSSigner.CalculateHash(body);

        Replace(requestMessage, "x-amz-date", AWSSigner.ToAmzDate(now));
        Replace(requestMessage, "x-amz-content-sha256", payloadHash);
        if (!string.IsNullOrEmpty(keys.SessionToken))
        {
            Replace(requestMessage, "x-amz-security-token", keys.SessionToken);
        }

        // Sign the host and the x-amz* headers only: headers an intermediary may rewrite (User-Agent, Accept-Encoding) stay unsigned.
        var signed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in requestMessage.Headers)
        {
            if (header.Key.StartsWith("x-amz", StringComparison.OrdinalIgnoreCase))
            {
                signed[header.Key] = string.Join(",", header.Value);
            }
        }

        requestMessage.Headers.Remove("Authorization");
        var authorization = AWSSigner.GetAuthorizationHeader(
            SigningService, Region, requestMessage.Method.Method, uri, now, signed, payloadHash, keys.AccessKeyId, keys.SecretAccessKey, keys.SessionToken);
        requestMessage.Headers.TryAddWithoutValidation("Authorization", authorization);
    }

    private static void Replace(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }
}
