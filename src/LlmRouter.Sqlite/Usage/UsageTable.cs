using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LlmRouter.Sqlite;

/// <summary>The SQL of the <c>usage_records</c> table: batched inserts on the writer's connection, and summaries.</summary>
internal sealed class UsageTable : IDisposable
{
    // Positional parameters, bound by index through SQLitePCL.raw (the library under Microsoft.Data.Sqlite): the writer's
    // hot loop then allocates nothing per row, where ADO.NET parameters box every value and look each name up.
    private const string InsertSql = """
        INSERT INTO usage_records (started_utc_ticks, offset_minutes, utc_day, provider, model, tenant, input_tokens, output_tokens,
                                   cached_input_tokens, reasoning_tokens, cost_picousd, duration_ticks, ttft_ticks, success, error, attempt,
                                   estimated)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17);
        """;

    private const string SummarySql = """
        SELECT provider, model, tenant, utc_day, COUNT(*), SUM(success), SUM(input_tokens), SUM(output_tokens),
               SUM(cached_input_tokens), SUM(cost_picousd), SUM(duration_ticks)
        FROM usage_records
        WHERE started_utc_ticks >= $from AND started_utc_ticks < $to
        GROUP BY provider, model, tenant, utc_day;
        """;

    private const int StackTextBytes = 512;

    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _insert;

    /// <summary>Opens the writer's connection and prepares its insert.</summary>
    public UsageTable(SqliteDatabase database)
    {
        _connection = database.Open();
        var rc = raw.sqlite3_prepare_v2(_connection.Handle, InsertSql, out _insert);
        if (rc != raw.SQLITE_OK)
        {
            _insert.Dispose();
            _connection.Dispose();
            SqliteException.ThrowExceptionForRC(rc, null);
        }
    }

    /// <summary>Stores rows in one IMMEDIATE transaction: all of them, or none when it throws.</summary>
    /// <exception cref="SqliteException">The file stayed locked past the busy timeout, or cannot be written.</exception>
    public void Insert(IReadOnlyList<UsageRow> rows)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        var db = _connection.Handle;
        var s = _insert;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            raw.sqlite3_bind_int64(s, 1, row.StartedUtcTicks);
            raw.sqlite3_bind_int(s, 2, row.OffsetMinutes);
            raw.sqlite3_bind_int(s, 3, row.UtcDay);
            BindText(s, 4, row.Provider);
            BindText(s, 5, row.Model);
            BindText(s, 6, row.Tenant);
            raw.sqlite3_bind_int64(s, 7, row.InputTokens);
            raw.sqlite3_bind_int64(s, 8, row.OutputTokens);
            raw.sqlite3_bind_int64(s, 9, row.CachedInputTokens);
            raw.sqlite3_bind_int64(s, 10, row.ReasoningTokens);
            raw.sqlite3_bind_int64(s, 11, row.CostPicodollars);
            raw.sqlite3_bind_int64(s, 12, row.DurationTicks);
            if (row.TimeToFirstTokenTicks is { } ttft)
            {
                raw.sqlite3_bind_int64(s, 13, ttft);
            }
            else
            {
                raw.sqlite3_bind_null(s, 13);
            }

            raw.sqlite3_bind_int(s, 14, row.Success ? 1 : 0);
            BindText(s, 15, row.Error);
            raw.sqlite3_bind_int(s, 16, row.Attempt);
            raw.sqlite3_bind_int(s, 17, row.Estimated ? 1 : 0);
            var rc = raw.sqlite3_step(s);
            raw.sqlite3_reset(s);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }
        }

        transaction.Commit();
    }

    /// <summary>Summarises the stored records that match a query, on a connection of its own.</summary>
    /// <remarks>SQL narrows by time and sums per provider, model, tenant and day; the names are then matched as
    /// <see cref="InMemoryUsageStore"/> matches them (ignoring case, the model by id or <c>provider/id</c>).</remarks>
    public static UsageSummary Summarize(SqliteDatabase database, UsageQuery query, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = SummarySql;
        command.Parameters.AddWithValue("$from", query.From?.UtcTicks ?? long.MinValue);
        command.Parameters.AddWithValue("$to", query.To?.UtcTicks ?? long.MaxValue);
        var summary = new UsageSummaryBuilder();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (provider, model) = (reader.GetString(0), reader.GetString(1));
            if (UsageEntry.NamesMatch(query, provider, model, reader.IsDBNull(2) ? null : reader.GetString(2)))
            {
                summary.AddGroup(
                    provider,
                    model,
                    DateOnly.FromDayNumber(reader.GetInt32(3)),
                    reader.GetInt64(4),
                    reader.GetInt64(5),
                    reader.GetInt64(6),
                    reader.GetInt64(7),
                    reader.GetInt64(8),
                    SqliteMoney.FromPicodollars(reader.GetInt64(9)),
                    reader.GetInt64(10));
            }
        }

        return summary.Build();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
    }

    // Encodes on the stack (SQLite copies the bytes), so binding a name allocates nothing.
    private static void BindText(sqlite3_stmt statement, int index, string? text)
    {
        if (text is null)
        {
            raw.sqlite3_bind_null(statement, index);
            return;
        }

        if (text.Length == 0)
        {
            // An empty span has no address, which SQLite would take for NULL.
            raw.sqlite3_bind_text(statement, index, string.Empty);
            return;
        }

        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = length <= StackTextBytes ? stackalloc byte[StackTextBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(text, buffer);
            raw.sqlite3_bind_text(statement, index, buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
