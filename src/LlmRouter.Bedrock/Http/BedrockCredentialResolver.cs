using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Anthropic.Bedrock;

namespace LlmRouter.Bedrock;

/// <summary>Finds the Bedrock provider's region and credentials in its options and the usual AWS settings.</summary>
internal static class BedrockCredentialResolver
{
    /// <summary>Resolves the region and credentials; reads no secret into any message.</summary>
    /// <param name="options">The provider's options.</param>
    /// <param name="environment">The environment variable names to read.</param>
    /// <param name="timeProvider">The clock for request signing.</param>
    /// <returns>What was found, with the reason when something is missing.</returns>
    public static BedrockAuth Resolve(BedrockProviderOptions options, BedrockEnvironment environment, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var section = $"{ProviderSettings.ConfigurationSection}:{BedrockProvider.ProviderName}";
        var region = ProviderSettings.ResolveApiKey(options.Region, environment.Region, out _);

        string? source;
        Func<string, IAnthropicBedrockCredentials>? create = null;
        string? problem = null;
        var secrets = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);

        if (Read(options.ApiKey) is { } optionsToken)
        {
            source = "options (Bedrock API key)";
            AddSecret(secrets, optionsToken);
            create = r => new AnthropicBedrockApiTokenCredentials { BearerToken = optionsToken, Region = r };
        }
        else if (Read(options.AccessKeyId) is { } optionsKeyId && Read(options.SecretAccessKey) is { } optionsSecret)
        {
            var keys = new AwsKeys(optionsKeyId, optionsSecret, Read(options.SessionToken));
            AddSecret(secrets, keys.SecretAccessKey);
            AddSecret(secrets, keys.SessionToken);
            source = keys.SessionToken is null ? "options (access key)" : "options (temporary credentials)";
            create = r => new AwsSigV4Credentials(r, () => Task.FromResult(keys), timeProvider);
        }
        else if (Read(options.AccessKeyId) is not null || Read(options.SecretAccessKey) is not null)
        {
            source = null;
            problem = $"incomplete AWS keys: set both {section}:AccessKeyId and {section}:SecretAccessKey";
        }
        else if (Read(options.Profile) is { } optionsProfile)
        {
            source = $"AWS profile '{optionsProfile}'";
            create = FromProfile(optionsProfile, options.SharedCredentialsFile, timeProvider, secrets, ref region, out problem);
        }
        else if (Read(Environment.GetEnvironmentVariable(environment.BearerToken)) is { } envToken)
        {
            source = $"{environment.BearerToken} (Bedrock API key)";
            AddSecret(secrets, envToken);
            create = r => new AnthropicBedrockApiTokenCredentials { BearerToken = envToken, Region = r };
        }
        else if (Read(Environment.GetEnvironmentVariable(environment.AccessKeyId)) is { } envKeyId &&
                 Read(Environment.GetEnvironmentVariable(environment.SecretAccessKey)) is { } envSecret)
        {
            var keys = new AwsKeys(envKeyId, envSecret, Read(Environment.GetEnvironmentVariable(environment.SessionToken)));
            AddSecret(secrets, keys.SecretAccessKey);
            AddSecret(secrets, keys.SessionToken);
            source = keys.SessionToken is null ? environment.AccessKeyId : $"{environment.AccessKeyId} + {environment.SessionToken}";
            create = r => new AwsSigV4Credentials(r, () => Task.FromResult(keys), timeProvider);
        }
        else if (Read(Environment.GetEnvironmentVariable(environment.Profile)) is { } envProfile)
        {
            source = $"AWS profile '{envProfile}' ({environment.Profile})";
            create = FromProfile(envProfile, options.SharedCredentialsFile, timeProvider, secrets, ref region, out problem);
        }
        else
        {
            source = null;
            problem = $"no AWS credentials: set {environment.AccessKeyId} and {environment.SecretAccessKey} (and {environment.SessionToken} for temporary credentials), " +
                      $"{environment.Profile}, {environment.BearerToken}, or {section}:AccessKeyId/SecretAccessKey, :Profile or :ApiKey";
        }

        if (region is null)
        {
            var missing = $"no AWS region: set {string.Join(" or ", environment.Region)} or {section}:Region";
            problem = problem is null ? missing : $"{missing}; {problem}";
        }

        return problem is null && create is not null && region is not null
            ? new BedrockAuth(region, create(region), source, null, Live(secrets))
            : new BedrockAuth(region, null, source, problem, Live(secrets));
    }

    private static Func<string, IAnthropicBedrockCredentials>? FromProfile(
        string profile, string? credentialsFile, TimeProvider timeProvider, ConcurrentDictionary<string, byte> secrets, ref string? region, out string? problem)
    {
        var chain = string.IsNullOrWhiteSpace(credentialsFile) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(credentialsFile);
        if (!chain.TryGetAWSCredentials(profile, out var credentials) || credentials is null)
        {
            problem = $"AWS profile '{profile}' was not found or has no usable credentials";
            return null;
        }

        if (region is null && chain.TryGetProfile(profile, out var found) && found.Region is { } profileRegion)
        {
            region = profileRegion.SystemName;
        }

        problem = null;
        return r => new AwsSigV4Credentials(r, () => GetKeysAsync(credentials, profile, secrets), timeProvider);
    }

    private static async Task<AwsKeys> GetKeysAsync(AWSCredentials credentials, string profile, ConcurrentDictionary<string, byte> secrets)
    {
        ImmutableCredentials keys;
        try
        {
            keys = await credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new LlmException(LlmErrorKind.Authentication, $"The credentials of AWS profile '{profile}' could not be obtained: {ex.Message}", ex)
            {
                Provider = BedrockProvider.ProviderName,
            };
        }

        AddSecret(secrets, keys.SecretKey);
        AddSecret(secrets, keys.Token);
        return new AwsKeys(keys.AccessKey, keys.SecretKey, string.IsNullOrEmpty(keys.Token) ? null : keys.Token);
    }

    /// <summary>Records a secret requests carry, for <see cref="LlmProviderChatClient"/> to keep out of error messages.</summary>
    private static void AddSecret(ConcurrentDictionary<string, byte> secrets, string? secret)
    {
        if (!string.IsNullOrWhiteSpace(secret))
        {
            secrets.TryAdd(secret, 0);
        }
    }

    /// <summary>A view of the secrets read anew at each use, so that a profile's refreshed credentials count.</summary>
    private static IEnumerable<string?> Live(ConcurrentDictionary<string, byte> secrets) => secrets.Select(static s => (string?)s.Key);

    private static string? Read(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
