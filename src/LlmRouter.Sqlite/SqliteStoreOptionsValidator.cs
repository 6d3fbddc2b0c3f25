using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace LlmRouter.Sqlite;

/// <summary>Validates <see cref="SqliteStoreOptions"/> and reports every problem at once.</summary>
internal sealed class SqliteStoreOptionsValidator : IValidateOptions<SqliteStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStoreOptions options)
    {
        var problems = Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Lists what is wrong with the options; empty when they are valid.</summary>
    public static List<string> Problems(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        const string S = SqliteStoreDefaults.Section;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            problems.Add($"{S}:ConnectionString is required, for example \"Data Source=llmrouter.db\".");
        }
        else
        {
            try
            {
                var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.DataSource))
                {
                    problems.Add($"{S}:ConnectionString names no file (Data Source); for example \"Data Source=llmrouter.db\".");
                }
                else if (IsInMemory(builder))
                {
                    problems.Add($"{S}:ConnectionString names an in-memory database ('{builder.DataSource}'), which keeps nothing across restarts; name a file, or leave UseSqlite() out to keep the in-memory stores.");
                }
            }
            catch (ArgumentException ex)
            {
                problems.Add($"{S}:ConnectionString is not a valid SQLite connection string: {ex.Message}");
            }
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout > SqliteStoreDefaults.MaxBusyTimeout)
        {
            problems.Add($"{S}:BusyTimeout must be between 0 and {SqliteStoreDefaults.MaxBusyTimeout}; it is {options.BusyTimeout}.");
        }

        if (options.BatchSize < 1 || options.BatchSize > SqliteStoreDefaults.MaxBatchSize)
        {
            problems.Add($"{S}:BatchSize must be between 1 and {SqliteStoreDefaults.MaxBatchSize}; it is {options.BatchSize}.");
        }

        if (options.QueueCapacity < Math.Max(1, options.BatchSize))
        {
            problems.Add($"{S}:QueueCapacity must be at least BatchSize ({options.BatchSize}); it is {options.QueueCapacity}.");
        }

        return problems;
    }

    private static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory
        || string.Equals(builder.DataSource, ":memory:", StringComparison.OrdinalIgnoreCase)
        || builder.DataSource.Contains("mode=memory", StringComparison.OrdinalIgnoreCase);
}
