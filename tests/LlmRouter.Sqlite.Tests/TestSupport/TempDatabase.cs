using Microsoft.Data.Sqlite;

namespace LlmRouter.Sqlite.Tests.TestSupport;

/// <summary>A database file in a fresh temporary folder, deleted (with its WAL and shared-memory files) on dispose.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string _folder;

    public TempDatabase()
    {
        _folder = Path.Combine(Path.GetTempPath(), "llmrouter-sqlite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        FilePath = Path.Combine(_folder, "llmrouter.db");
    }

    public string FilePath { get; }

    public string ConnectionString => $"Data Source={FilePath}";

    public SqliteStoreOptions Options(Action<SqliteStoreOptions>? configure = null)
    {
        var options = new SqliteStoreOptions { ConnectionString = ConnectionString };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Opens a plain connection to the file, outside the store (another process, as far as locking goes).</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public long Scalar(string sql)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A connection still open elsewhere in the run; the folder is under the system's temporary directory.
        }
    }
}
