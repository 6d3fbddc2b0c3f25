using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LlmRouter.Tests.Shared;

namespace LlmRouter.Bedrock.Tests.TestSupport;

/// <summary>An independent Signature Version 4 check of a request as the loopback server received it.</summary>
internal static partial class SigV4
{
    public static Match ParseAuthorization(string header)
    {
        var match = AuthorizationPattern().Match(header);
        Assert.True(match.Success, header);
        return match;
    }

    /// <summary>Recomputes the signature from the wire request (the signed headers' values as received, the body as received).</summary>
    public static string Expected(RecordedRequest request, string secretKey)
    {
        var auth = ParseAuthorization(request.Headers["Authorization"]);
        var (date, region, service) = (auth.Groups["date"].Value, auth.Groups["region"].Value, auth.Groups["service"].Value);
        var signedHeaders = auth.Groups["signed"].Value;
        var path = request.Path.Split('?')[0];
        var canonicalUri = string.Join("/", path.Split('/').Select(Uri.EscapeDataString));
        var canonicalHeaders = string.Concat(signedHeaders.Split(';').Select(h => $"{h}:{request.Headers[h].Trim()}\n"));
        var payloadHash = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(request.Body)));
        var canonicalRequest = $"{request.Method}\n{canonicalUri}\n\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";
        var amzDate = request.Headers["x-amz-date"];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, SignedHeaders=(?<signed>[^,]+), Signature=(?<sig>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}
