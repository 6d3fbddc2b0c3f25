using Microsoft.Data.Sqlite;

namespace LlmRouter.Sqlite;

/// <summary>
/// Creates and upgrades the store's tables. The schema's version is the database's <c>PRAGMA user_version</c>: 0 for a new
/// file, <see cref="CurrentVersion"/> once created. Upgrades run in order, each in the same IMMEDIATE transaction as the
/// version it sets, so two processes opening a new file at once create the tables once.
/// </summary>
/// <remarks>
/// Version 1 (see the package README for the same table):
/// <list type="bullet">
/// <item><c>usage_records</c>: one row per attempt. Times are UTC ticks (<c>started_utc_ticks</c>, with the caller's
/// <c>offset_minutes</c> to rebuild the <see cref="DateTimeOffset"/>), <c>utc_day</c> is the UTC <see cref="DateOnly.DayNumber"/>,
/// cost is an integer of picodollars (<c>cost_picousd</c>, 10⁻¹² USD) so that SQL sums it exactly, <c>error</c> the
/// <see cref="LlmErrorKind"/> name or NULL. Indexed by time.</item>
/// <item><c>budget_totals</c>: per budget (<c>scope</c> 0 global with <c>tenant</c> '', 1 a tenant) and period (<c>unit</c>
/// 0 a UTC day, <c>period</c> its day number; 1 a UTC month, <c>period</c> = year × 12 + month − 1) the amounts
/// <c>reserved</c> (held by calls in flight) and <c>spent</c> (settled), as invariant decimal text, exact.</item>
/// <item><c>budget_pending</c>: reservations not settled yet (AUTOINCREMENT ids, never reused), with the day and month they
/// count in and their amount.</item>
/// <item><c>routing_outcomes</c>: the append-only log of the <c>smart</c> strategy; <c>position</c> from 0, dense, in the
/// order outcomes were added.</item>
/// </list>
/// Version 2 adds <c>usage_records.estimated</c> (1 when the tokens are the router's estimate, <see cref="UsageRecord.Estimated"/>;
/// 0 for rows written by version 1).
/// </remarks>
internal static class SqliteSchema
{
    /// <summary>The schema version this package creates and reads.</summary>
    public const int CurrentVersion = 2;

    // Upgrades[i] takes a database from version i to i + 1.
    private static readonly string[] Upgrades =
    [
        """
        CREATE TABLE IF NOT EXISTS usage_records (
            id                  INTEGER PRIMARY KEY,
            started_utc_ticks   INTEGER NOT NULL,
            offset_minutes      INTEGER NOT NULL,
            utc_day             INTEGER NOT NULL,
            provider            TEXT    NOT NULL,
            model               TEXT    NOT NULL,
            tenant              TEXT,
            input_tokens        INTEGER NOT NULL,
            output_tokens       INTEGER NOT NULL,
            cached_input_tokens INTEGER NOT NULL,
            reasoning_tokens    INTEGER NOT NULL,
            cost_picousd        INTEGER NOT NULL,
            duration_ticks      INTEGER NOT NULL,
            ttft_ticks          INTEGER,
            success             INTEGER NOT NULL,
            error               TEXT,
            attempt             INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS usage_records_by_time ON usage_records (started_utc_ticks);

        CREATE TABLE IF NOT EXISTS budget_totals (
            scope    INTEGER NOT NULL,
            tenant   TEXT    NOT NULL,
            unit     INTEGER NOT NULL,
            period   INTEGER NOT NULL,
            reserved TEXT    NOT NULL,
            spent    TEXT    NOT NULL,
            PRIMARY KEY (scope, tenant, unit, period)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS budget_pending (
            id                 INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant             TEXT,
            day                INTEGER NOT NULL,
            month              INTEGER NOT NULL,
            amount             TEXT    NOT NULL,
            reserved_utc_ticks INTEGER NOT NULL
        );

        CREATE TABLE IF NOT EXISTS routing_outcomes (
            position      INTEGER PRIMARY KEY,
            prompt        TEXT    NOT NULL,
            model         TEXT    NOT NULL,
            quality       REAL    NOT NULL,
            output_tokens INTEGER,
            source        TEXT
        );
        """,

        // Version 2: whether a record's tokens are the router's estimate (the provider reported no usage); 0 for older rows.
        """
        ALTER TABLE usage_records ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0;
        """,
    ];

    /// <summary>Switches the file to WAL and brings its schema to <see cref="CurrentVersion"/>.</summary>
    /// <param name="connection">An open connection.</param>
    /// <exception cref="InvalidOperationException">The file does not take WAL, or a newer package created it.</exception>
    /// <exception cref="SqliteException">The file cannot be read or written.</exception>
    public static void Ensure(SqliteConnection connection)
    {
        // WAL is a property of the file: readers never block the writer, and every process on the file uses it once set.
        var mode = Scalar(connection, "PRAGMA journal_mode = WAL;") as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"the database does not take write-ahead logging (journal_mode is '{mode}'); it needs a file on a local file system");
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;", transaction), System.Globalization.CultureInfo.InvariantCulture);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException($"the database has schema version {version}, made by a newer LlmRouter.Sqlite; this one knows versions up to {CurrentVersion}");
        }

        for (var v = version; v < CurrentVersion; v++)
        {
            Execute(connection, Upgrades[v], transaction);
            Execute(connection, $"PRAGMA user_version = {v + 1};", transaction);
        }

        transaction.Commit();
    }

    /// <summary>Reads the schema version of a database.</summary>
    public static int ReadVersion(SqliteConnection connection) =>
        Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
