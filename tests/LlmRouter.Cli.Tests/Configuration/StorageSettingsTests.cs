using LlmRouter.Cli.Configuration;
using Microsoft.Extensions.Configuration;

namespace LlmRouter.Cli.Tests.Configuration;

public sealed class StorageSettingsTests
{
    private static StorageSettings Read(params (string Key, string Value)[] settings) =>
        StorageSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build().GetSection("LlmRouter"));

    [Fact]
    public void StorageSettings_NothingNamed_IsMemory()
    {
        var storage = Read();

        Assert.Equal(StorageKind.Memory, storage.Kind);
        Assert.False(storage.IsPersistent);
    }

    [Fact]
    public void StorageSettings_ReadAConnectionStringOrASection()
    {
        Assert.Equal("Data Source=a.db", Read(("LlmRouter:Storage:Sqlite", "Data Source=a.db")).Connection);
        Assert.Equal("Data Source=b.db", Read(("LlmRouter:Storage:Sqlite:ConnectionString", "Data Source=b.db"), ("LlmRouter:Storage:Sqlite:BatchSize", "10")).Connection);
        var redis = Read(("LlmRouter:Storage:Redis:Configuration", "localhost:6379"), ("LlmRouter:Storage:Redis:KeyPrefix", "shop"));
        Assert.Equal(StorageKind.Redis, redis.Kind);
        Assert.Equal("localhost:6379", redis.Connection);
    }

    [Fact]
    public void StorageSettings_BothStoresOrNoConnection_AreFailures()
    {
        Assert.Throws<CliFailureException>(() => Read(("LlmRouter:Storage:Sqlite", "Data Source=a.db"), ("LlmRouter:Storage:Redis", "localhost")));
        var ex = Assert.Throws<CliFailureException>(() => Read(("LlmRouter:Storage:Redis:KeyPrefix", "shop")));
        Assert.Contains("LlmRouter:Storage:Redis needs a configuration string", ex.Message, StringComparison.Ordinal);
    }
}
