using LlmRouter.Cli.Configuration;

namespace LlmRouter.Cli.Tests.Configuration;

public sealed class SecretMaskerTests
{
    [Theory]
    [InlineData("LlmRouter:Providers:openai:ApiKey")]
    [InlineData("OPENAI_API_KEY")]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    [InlineData("AWS_ACCESS_KEY_ID")]
    [InlineData("AWS_SESSION_TOKEN")]
    [InlineData("LlmRouter:Providers:bedrock:SecretAccessKey")]
    [InlineData("LlmRouter:Gateway:ApiKeys:0:Key")]
    [InlineData("LlmRouter:Storage:Redis:Password")]
    public void SecretMasker_KnowsSecretNames(string name) => Assert.True(SecretMasker.IsSecretName(name));

    [Theory]
    [InlineData("LlmRouter:Storage:Redis:KeyPrefix")]
    [InlineData("LlmRouter:Strategy")]
    [InlineData("OLLAMA_HOST")]
    [InlineData("LlmRouter:Providers:openai:Endpoint")]
    public void SecretMasker_LeavesOtherNamesAlone(string name) => Assert.False(SecretMasker.IsSecretName(name));

    [Fact]
    public void SecretMasker_ShowsAKeyAsItsPrefixAndLastFourAtMost()
    {
        Assert.Equal("sk-…wxyz", SecretMasker.Mask("OPENAI_API_KEY", "sk-proj-abcdefghijklmnopqrstuvwxyz"));
        Assert.Equal("…", SecretMasker.Mask("OPENAI_API_KEY", "short"));
    }

    [Theory]
    [InlineData("Data Source=x.db;Password=hunter2;Mode=ReadWrite", "Data Source=x.db;Password=…;Mode=ReadWrite")]
    [InlineData("redis:6379,password=hunter2,ssl=true", "redis:6379,password=…,ssl=true")]
    [InlineData("http://user:hunter2@host:11434/", "http://…@host:11434/")]
    [InlineData("Data Source=llmrouter.db", "Data Source=llmrouter.db")]
    public void SecretMasker_MasksPasswordsInsideValues(string value, string expected) =>
        Assert.Equal(expected, SecretMasker.Mask("LlmRouter:Storage:Sqlite", value));
}
