using LlmRouter.Cli.Configuration;

namespace LlmRouter.Cli.Tests.Configuration;

public sealed class ProviderVariablesTests
{
    [Fact]
    public void ProviderVariables_FindsKeysAndEndpointsOnly_Masked()
    {
        var found = ProviderVariables.Find(new Dictionary<string, string>
        {
            ["GROQ_API_KEY"] = "gsk_abcdefghijklmnop1234",
            ["CO_API_KEY"] = "co-abcdefghijklmnop5678",
            ["AWS_REGION"] = "eu-west-1",
            ["OPENAI_BASE_URL"] = "https://proxy.example/v1",
            ["EMPTY_API_KEY"] = " ",
            ["GITHUB_TOKEN"] = "ghp_should_not_be_listed",
            ["PATH"] = "/usr/bin",
        });

        Assert.Equal(
            [("AWS_REGION", "eu-west-1"), ("CO_API_KEY", "co-…5678"), ("GROQ_API_KEY", "…1234"), ("OPENAI_BASE_URL", "https://proxy.example/v1")],
            found.Select(p => (p.Key, p.Value)));
    }
}
