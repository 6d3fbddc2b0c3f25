using LlmRouter.Sqlite.Tests.TestSupport;

namespace LlmRouter.Sqlite.Tests.Database;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void SqliteDatabase_NewFile_GetsWalAndTheCurrentSchema_AndOpeningAgainChangesNothing()
    {
        using (new SqliteDatabase(_db.Options()))
        {
        }

        using (new SqliteDatabase(_db.Options()))
        {
        }

        Assert.Equal(SqliteSchema.CurrentVersion, _db.Scalar("PRAGMA user_version;"));
        Assert.Equal(1, _db.Scalar("SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal';"));
        Assert.Equal(4, _db.Scalar("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('usage_records', 'budget_totals', 'budget_pending', 'routing_outcomes');"));
    }

    [Fact]
    public async Task SqliteDatabase_AVersionOneFile_IsUpgradedInPlace_KeepingItsRows()
    {
        await using (var store = new SqliteUsageStore(_db.Options()))
        {
            await store.RecordAsync(new UsageRecord { Provider = "openai", Model = "gpt-4o", InputTokens = 12, Success = true, Attempt = 1 });
        }

        // What version 1 made: the table without the column, and its version number.
        _db.Scalar("ALTER TABLE usage_records DROP COLUMN estimated; PRAGMA user_version = 1; SELECT 0;");

        using (new SqliteDatabase(_db.Options()))
        {
        }

        Assert.Equal(2, SqliteSchema.CurrentVersion);
        Assert.Equal(SqliteSchema.CurrentVersion, _db.Scalar("PRAGMA user_version;"));
        Assert.Equal(12, _db.Scalar("SELECT input_tokens FROM usage_records WHERE estimated = 0;"));
    }

    [Fact]
    public void SqliteDatabase_AFileFromANewerVersion_IsRefusedWithThePath()
    {
        using (new SqliteDatabase(_db.Options()))
        {
        }

        _db.Scalar("PRAGMA user_version = 7; SELECT 0;");

        var ex = Assert.Throws<InvalidOperationException>(() => new SqliteDatabase(_db.Options()));

        Assert.Contains(_db.FilePath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("schema version 7", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SqliteDatabase_InvalidOptions_AreListedTogether()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SqliteDatabase(new SqliteStoreOptions { ConnectionString = "Data Source=:memory:", BatchSize = 0 }));

        Assert.Contains("in-memory", ex.Message, StringComparison.Ordinal);
        Assert.Contains("BatchSize", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SqliteDatabase(new SqliteStoreOptions { ConnectionString = "Data Source=x.db;Mode=Memory" }));
        Assert.Throws<ArgumentException>(() => new SqliteDatabase(new SqliteStoreOptions { ConnectionString = "Nonsense Key=1" }));
        Assert.Throws<ArgumentException>(() => new SqliteDatabase(new SqliteStoreOptions()));
    }

    [Fact]
    public void SqliteMoney_RoundTripsExactly()
    {
        Assert.Equal(0.000000000001m, SqliteMoney.FromPicodollars(SqliteMoney.ToPicodollars(0.000000000001m)));
        Assert.Equal(1_234.5678901234m, SqliteMoney.FromPicodollars(SqliteMoney.ToPicodollars(1_234.5678901234m)));
        Assert.Equal(0.1m + 0.2m, SqliteMoney.FromText(SqliteMoney.ToText(0.3m)));
        Assert.Equal(1m, SqliteMoney.ToPicodollars(0.0000000000005m)); // half a picodollar rounds away from zero
        Assert.Throws<OverflowException>(() => SqliteMoney.ToPicodollars(10_000_000m));
    }
}
