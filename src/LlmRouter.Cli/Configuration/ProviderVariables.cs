namespace LlmRouter.Cli.Configuration;

/// <summary>
/// Picks out the environment variables the provider packages read: every <c>*_API_KEY</c> (<c>OPENAI_API_KEY</c>, <c>CO_API_KEY</c>, …),
/// every <c>*_BASE_URL</c>, and the AWS, Azure OpenAI and Ollama ones.
/// </summary>
internal static class ProviderVariables
{
    private static readonly HashSet<string> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_BEARER_TOKEN_BEDROCK",
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AZURE_OPENAI_ENDPOINT", "OLLAMA_HOST",
    };

    /// <summary>Gets the provider variables that are set, with their values masked, sorted by name.</summary>
    /// <param name="environment">The environment variables.</param>
    /// <returns>Name and masked value of each.</returns>
    public static IReadOnlyList<KeyValuePair<string, string>> Find(IReadOnlyDictionary<string, string> environment) =>
        [.. environment
            .Where(p => !string.IsNullOrWhiteSpace(p.Value) && IsProviderVariable(p.Key))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, SecretMasker.Mask(p.Key, p.Value)))];

    private static bool IsProviderVariable(string name) =>
        Named.Contains(name)
        || name.EndsWith("_API_KEY", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("_BASE_URL", StringComparison.OrdinalIgnoreCase);
}
