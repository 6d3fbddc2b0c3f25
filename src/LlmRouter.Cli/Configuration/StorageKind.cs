namespace LlmRouter.Cli.Configuration;

/// <summary>Where usage, budgets and routing outcomes are kept.</summary>
internal enum StorageKind
{
    /// <summary>In the process's memory: forgotten when the command ends.</summary>
    Memory,

    /// <summary>In a SQLite file (<c>LlmRouter:Storage:Sqlite</c>).</summary>
    Sqlite,

    /// <summary>In Redis (<c>LlmRouter:Storage:Redis</c>).</summary>
    Redis,
}
