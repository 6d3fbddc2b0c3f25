using LlmRouter.Bedrock.Tests.TestSupport;

namespace LlmRouter.Bedrock.Tests;

/// <summary>A gateway reached through Endpoint may echo a credential in its error body; no credential may reach a message.</summary>
public class BedrockSecretRedactionTests
{
    private const string SessionToken = "FwoGZXIvYXdzEXAMPLETOKEN0123456789";
    private const string BearerToken = "ABSKbedrockapikey0123456789";

    public static TheoryData<string, string> Secrets => new()
    {
        { "secret access key", BedrockFixture.SecretAccessKey },
        { "session token", SessionToken },
        { "bearer token", BearerToken },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public async Task GetResponseAsync_ErrorBodyEchoingACredential_IsMasked(string what, string secret)
    {
        await using var fx = Fixture(what);
        fx.Server.Respond(403, Wire.AwsError($"The credential {secret} is not valid."), headers: new Dictionary<string, string>
        {
            ["x-amzn-ErrorType"] = "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/",
        });

        var ex = await Assert.ThrowsAsync<LlmException>(() => fx.Client().GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.DoesNotContain(secret, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains(ProviderSettings.Mask(secret), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorBodyEchoingTheSecretKey_IsMasked()
    {
        await using var fx = new BedrockFixture();
        fx.Server.Respond(403, Wire.AwsError($"bad signature for {BedrockFixture.SecretAccessKey}"));

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var _ in fx.Client().GetStreamingResponseAsync("hi"))
            {
            }
        });

        Assert.DoesNotContain(BedrockFixture.SecretAccessKey, ex.ToString(), StringComparison.Ordinal);
    }

    private static BedrockFixture Fixture(string what) => what switch
    {
        "session token" => new BedrockFixture(o => o.SessionToken = SessionToken),
        "bearer token" => new BedrockFixture(o =>
        {
            o.AccessKeyId = null;
            o.SecretAccessKey = null;
            o.ApiKey = BearerToken;
        }),
        _ => new BedrockFixture(),
    };
}
