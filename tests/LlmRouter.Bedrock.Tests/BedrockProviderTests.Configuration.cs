using System.Text.Json.Nodes;
using LlmRouter.Bedrock.Tests.TestSupport;
using LlmRouter.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Bedrock.Tests;

// Configuration: region, credentials from options, environment and profiles, masking and health.
public partial class BedrockProviderTests
{
    [Fact]
    public void Constructor_NoRegionNoCredentials_IsUnconfiguredWithBothReasons()
    {
        var env = BedrockFixture.UnsetEnvironment();
        using var provider = new BedrockProvider(new BedrockProviderOptions(), null, env);

        Assert.False(provider.IsConfigured);
        Assert.Contains($"no AWS region: set {env.Region[0]} or {env.Region[1]} or LlmRouter:Providers:bedrock:Region", provider.NotConfiguredReason, StringComparison.Ordinal);
        Assert.Contains($"no AWS credentials: set {env.AccessKeyId} and {env.SecretAccessKey}", provider.NotConfiguredReason, StringComparison.Ordinal);
        Assert.Equal(LlmErrorKind.Authentication, Assert.Throws<LlmException>(() => provider.GetChatClient(BedrockFixture.Haiku)).Kind);
    }

    [Fact]
    public void Constructor_CredentialsWithoutRegion_IsUnconfigured()
    {
        using var provider = new BedrockProvider(new BedrockProviderOptions { AccessKeyId = "AKID", SecretAccessKey = "secret" }, null, BedrockFixture.UnsetEnvironment());

        Assert.False(provider.IsConfigured);
        Assert.StartsWith("no AWS region", provider.NotConfiguredReason, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", provider.NotConfiguredReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_HalfAKeyPair_SaysSo()
    {
        using var provider = new BedrockProvider(new BedrockProviderOptions { Region = "us-east-1", AccessKeyId = "AKID" }, null, BedrockFixture.UnsetEnvironment());

        Assert.False(provider.IsConfigured);
        Assert.Contains("incomplete AWS keys", provider.NotConfiguredReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Constructor_KeysAndRegionFromEnvironment_AreUsed()
    {
        var env = BedrockFixture.UnsetEnvironment();
        Environment.SetEnvironmentVariable(env.AccessKeyId, "AKIDFROMENV0000");
        Environment.SetEnvironmentVariable(env.SecretAccessKey, "secret-from-env");
        Environment.SetEnvironmentVariable(env.SessionToken, "token-from-env");
        Environment.SetEnvironmentVariable(env.Region[1], "eu-west-3");
        try
        {
            await using var server = new LoopbackHttpServer();
            using var provider = new BedrockProvider(new BedrockProviderOptions { Endpoint = server.BaseAddress }, null, env);
            server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));

            await provider.GetChatClient(BedrockFixture.Haiku).GetResponseAsync("hi");

            Assert.True(provider.IsConfigured, provider.NotConfiguredReason);
            Assert.Equal("eu-west-3", provider.Region);
            Assert.Equal($"{env.AccessKeyId} + {env.SessionToken}", provider.CredentialSource);
            var request = Assert.Single(server.Requests);
            var auth = SigV4.ParseAuthorization(request.Headers["Authorization"]);
            Assert.Equal("AKIDFROMENV0000", auth.Groups["key"].Value);
            Assert.Equal("eu-west-3", auth.Groups["region"].Value);
            Assert.Equal("token-from-env", request.Headers["x-amz-security-token"]);
            Assert.Equal(SigV4.Expected(request, "secret-from-env"), auth.Groups["sig"].Value);
        }
        finally
        {
            foreach (var name in new[] { env.AccessKeyId, env.SecretAccessKey, env.SessionToken, env.Region[1] })
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Fact]
    public async Task Constructor_BearerTokenFromEnvironment_IsUsed()
    {
        var env = BedrockFixture.UnsetEnvironment();
        Environment.SetEnvironmentVariable(env.BearerToken, "ABSKenvtoken0123456789");
        try
        {
            await using var server = new LoopbackHttpServer();
            using var provider = new BedrockProvider(new BedrockProviderOptions { Region = "us-east-1", Endpoint = server.BaseAddress }, null, env);
            server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));

            await provider.GetChatClient(BedrockFixture.Haiku).GetResponseAsync("hi");

            Assert.Equal($"{env.BearerToken} (Bedrock API key)", provider.CredentialSource);
            Assert.Equal("Bearer ABSKenvtoken0123456789", Assert.Single(server.Requests).Headers["Authorization"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(env.BearerToken, null);
        }
    }

    [Fact]
    public async Task Constructor_ProfileFromACredentialsFile_GivesKeysAndRegion()
    {
        var file = Path.Combine(Path.GetTempPath(), $"llmrouter-bedrock-credentials-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, """
            [default]
            aws_access_key_id = AKIDDEFAULT00000
            aws_secret_access_key = default-secret

            [router-test]
            aws_access_key_id = AKIDPROFILE00000
            aws_secret_access_key = profile-secret
            aws_session_token = profile-token
            region = ap-southeast-2
            """);
        try
        {
            await using var server = new LoopbackHttpServer();
            using var provider = new BedrockProvider(
                new BedrockProviderOptions { Profile = "router-test", SharedCredentialsFile = file, Endpoint = server.BaseAddress },
                new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero)),
                BedrockFixture.UnsetEnvironment());
            server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));

            await provider.GetChatClient(BedrockFixture.Haiku).GetResponseAsync("hi");

            Assert.True(provider.IsConfigured, provider.NotConfiguredReason);
            Assert.Equal("ap-southeast-2", provider.Region);
            Assert.Equal("AWS profile 'router-test'", provider.CredentialSource);
            var request = Assert.Single(server.Requests);
            var auth = SigV4.ParseAuthorization(request.Headers["Authorization"]);
            Assert.Equal("AKIDPROFILE00000", auth.Groups["key"].Value);
            Assert.Equal("profile-token", request.Headers["x-amz-security-token"]);
            Assert.Equal(SigV4.Expected(request, "profile-secret"), auth.Groups["sig"].Value);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Constructor_UnknownProfile_IsUnconfigured()
    {
        var file = Path.Combine(Path.GetTempPath(), $"llmrouter-bedrock-credentials-{Guid.NewGuid():N}");
        File.WriteAllText(file, "[other]\naws_access_key_id = A\naws_secret_access_key = B\n");
        try
        {
            using var provider = new BedrockProvider(new BedrockProviderOptions { Region = "us-east-1", Profile = "missing", SharedCredentialsFile = file }, null, BedrockFixture.UnsetEnvironment());

            Assert.False(provider.IsConfigured);
            Assert.Contains("AWS profile 'missing' was not found", provider.NotConfiguredReason, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AddBedrock_OptionsFromConfiguration()
    {
        await using var server = new LoopbackHttpServer();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Providers:bedrock:Region"] = "us-west-2",
            ["LlmRouter:Providers:bedrock:AccessKeyId"] = "AKIDCONFIG000000",
            ["LlmRouter:Providers:bedrock:SecretAccessKey"] = "config-secret",
            ["LlmRouter:Providers:bedrock:Endpoint"] = server.BaseAddress.ToString(),
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddLlmRouter().AddBedrock();
        await using var sp = services.BuildServiceProvider();
        server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));

        var provider = Assert.IsType<BedrockProvider>(Assert.Single(sp.GetServices<ILlmProvider>()));
        await provider.GetChatClient(BedrockFixture.Haiku).GetResponseAsync("hi");

        Assert.Equal("bedrock", provider.Name);
        Assert.Equal("us-west-2", provider.Region);
        Assert.Equal("options (access key)", provider.CredentialSource);
        Assert.Equal("us-west-2", SigV4.ParseAuthorization(Assert.Single(server.Requests).Headers["Authorization"]).Groups["region"].Value);
    }

    [Fact]
    public void ToString_NeverShowsSecrets()
    {
        var options = new BedrockProviderOptions
        {
            Region = "us-east-1",
            AccessKeyId = "AKIAIOSFODNN7EXAMPLE",
            SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            SessionToken = "FwoGZXIvYXdzSESSIONTOKENVALUE",
            ApiKey = "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl",
        };
        using var provider = new BedrockProvider(options, null, BedrockFixture.UnsetEnvironment());

        foreach (var text in new[] { options.ToString(), provider.ToString(), provider.CredentialSource ?? string.Empty })
        {
            Assert.DoesNotContain(options.SecretAccessKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(options.SessionToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(options.ApiKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(options.AccessKeyId, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CheckHealthAsync_ReportsTheConfigurationWithoutCallingAws()
    {
        await using var fx = new BedrockFixture();

        var health = await fx.Provider.CheckHealthAsync();
        var unconfigured = await new BedrockProvider(new BedrockProviderOptions(), null, BedrockFixture.UnsetEnvironment()).CheckHealthAsync();

        Assert.True(health.IsHealthy);
        Assert.Contains("us-east-1", health.Detail, StringComparison.Ordinal);
        Assert.Empty(fx.Server.Requests);
        Assert.False(unconfigured.IsHealthy);
        Assert.Contains("no AWS region", unconfigured.Detail, StringComparison.Ordinal);
    }
}
