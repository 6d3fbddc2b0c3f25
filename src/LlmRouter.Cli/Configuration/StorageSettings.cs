using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Cli.Configuration;

/// <summary>
/// The persistent store named in configuration: <c>LlmRouter:Storage:Sqlite</c> (a connection string such as
/// <c>Data Source=llmrouter.db</c>, or a section of <c>SqliteStoreOptions</c>) or <c>LlmRouter:Storage:Redis</c> (a
/// StackExchange.Redis configuration string such as <c>localhost:6379</c>, or a section of <c>RedisRouterOptions</c>).
/// </summary>
internal sealed class StorageSettings
{
    /// <summary>The section the store is named in, under <c>LlmRouter</c>.</summary>
    public const string SectionName = "Storage";

    private readonly IConfigurationSection? _section;

    private StorageSettings(StorageKind kind, IConfigurationSection? section, string? connection)
    {
        Kind = kind;
        _section = section;
        Connection = connection;
    }

    /// <summary>Gets the kind of store.</summary>
    public StorageKind Kind { get; }

    /// <summary>Gets the connection or configuration string, or <see langword="null"/> for memory; may hold a password, so show it masked.</summary>
    public string? Connection { get; }

    /// <summary>Gets a value indicating whether usage outlives the command.</summary>
    public bool IsPersistent => Kind != StorageKind.Memory;

    /// <summary>Reads the store from the <c>LlmRouter</c> section.</summary>
    /// <param name="router">The <c>LlmRouter</c> section.</param>
    /// <returns>The settings; memory when none is named.</returns>
    /// <exception cref="CliFailureException">Both stores are named, or one is named without a connection string.</exception>
    public static StorageSettings Read(IConfigurationSection router)
    {
        var storage = router.GetSection(SectionName);
        var sqlite = storage.GetSection(nameof(StorageKind.Sqlite));
        var redis = storage.GetSection(nameof(StorageKind.Redis));
        var hasSqlite = sqlite.Exists();
        var hasRedis = redis.Exists();
        if (hasSqlite && hasRedis)
        {
            throw new CliFailureException($"Both {sqlite.Path} and {redis.Path} are set: name one store.");
        }

        if (hasSqlite)
        {
            var connection = sqlite.Value ?? sqlite["ConnectionString"];
            return string.IsNullOrWhiteSpace(connection)
                ? throw new CliFailureException($"{sqlite.Path} needs a connection string, such as \"Data Source=llmrouter.db\" (or a ConnectionString inside it).")
                : new StorageSettings(StorageKind.Sqlite, sqlite, connection);
        }

        if (hasRedis)
        {
            var connection = redis.Value ?? redis["Configuration"];
            return string.IsNullOrWhiteSpace(connection)
                ? throw new CliFailureException($"{redis.Path} needs a configuration string, such as \"localhost:6379\" (or a Configuration inside it).")
                : new StorageSettings(StorageKind.Redis, redis, connection);
        }

        return new StorageSettings(StorageKind.Memory, null, null);
    }

    /// <summary>Registers the store on the router (nothing for memory).</summary>
    /// <param name="builder">The router builder.</param>
    public void Apply(ILlmRouterBuilder builder)
    {
        switch (Kind)
        {
            case StorageKind.Sqlite:
                builder.UseSqlite(Connection!, o =>
                {
                    if (_section!.Value is null)
                    {
                        _section.Bind(o);
                    }
                });
                break;
            case StorageKind.Redis:
                builder.UseRedis(o =>
                {
                    if (_section!.Value is null)
                    {
                        _section.Bind(o);
                    }

                    o.Configuration = Connection;
                });
                break;
            default:
                break;
        }
    }

    /// <summary>Describes the store for people, any password masked.</summary>
    /// <returns>For example <c>sqlite (Data Source=llmrouter.db)</c>.</returns>
    public string Describe() => Kind switch
    {
        StorageKind.Memory => "memory (usage is forgotten when the command ends)",
        _ => $"{Kind.ToString().ToLowerInvariant()} ({SecretMasker.MaskEmbedded(Connection!)})",
    };
}
