using Microsoft.Data.Sqlite;

namespace LlmRouter.Sqlite;

/// <summary>The SQL of the <c>usage_records</c> table: batched inserts on the writer's connection, and summaries.</summary>
internal sealed class UsageTable : IDisposable
{
    private const string InsertSql = """
        INSERT INTO usage_records (started_utc_ticks, offset_minutes, utc_day, provider, model, tenant, input_tokens, output_tokens,
                                   cached_input_tokens, reasoning_tokens, cost_picousd, duration_ticks, ttft_ticks, success, error, attempt)
        VALUES ($started, $offset, $day, $provider, $model, $tenant, $input, $output, $cached, $reasoning, $cost, $duration, $ttft, $success, $error, $attempt);
        """;

    private const string SummarySql = """
        SELECT provider, model, tenant, utc_day, COUNT(*), SUM(success), SUM(input_tokens), SUM(output_tokens),
               SUM(cached_input_tokens), SUM(cost_picousd), SUM(duration_ticks)
        FROM usage_records
        WHERE started_utc_ticks >= $from AND started_utc_ticks < $to
        GROUP BY provider, model, tenant, utc_day;
        """;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter[] _values;

    /// <summary>Opens the writer's connection and prepares its insert.</summary>
    public UsageTable(SqliteDatabase database)
    {
        _connection = database.Open();
        _insert = _connection.CreateCommand();
        _insert.CommandText = InsertSql;
        string[] names = ["$started", "$offset", "$day", "$provider", "$model", "$tenant", "$input", "$output", "$cached", "$reasoning", "$cost", "$duration", "$ttft", "$success", "$error", "$attempt"];
        _values = new SqliteParameter[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            _values[i] = _insert.Parameters.Add(new SqliteParameter { ParameterName = names[i] });
        }

        _insert.Prepare();
    }

    /// <summary>Stores rows in one IMMEDIATE transaction: all of them, or none when it throws.</summary>
    /// <exception cref="SqliteException">The file stayed locked past the busy timeout, or cannot be written.</exception>
    public void Insert(IReadOnlyList<UsageRow> rows)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        _insert.Transaction = transaction;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var v = _values;
            v[0].Value = row.StartedUtcTicks;
            v[1].Value = row.OffsetMinutes;
            v[2].Value = row.UtcDay;
            v[3].Value = row.Provider;
            v[4].Value = row.Model;
            v[5].Value = (object?)row.Tenant ?? DBNull.Value;
            v[6].Value = row.InputTokens;
            v[7].Value = row.OutputTokens;
            v[8].Value = row.CachedInputTokens;
            v[9].Value = row.ReasoningTokens;
            v[10].Value = row.CostPicodollars;
            v[11].Value = row.DurationTicks;
            v[12].Value = row.TimeToFirstTokenTicks is { } ttft ? ttft : DBNull.Value;
            v[13].Value = row.Success ? 1 : 0;
            v[14].Value = (object?)row.Error ?? DBNull.Value;
            v[15].Value = row.Attempt;
            _insert.ExecuteNonQuery();
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
        var summary = new UsageSummaryFolder(query);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            summary.Add(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                DateOnly.FromDayNumber(reader.GetInt32(3)),
                new UsageGroup(reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), SqliteMoney.FromPicodollars(reader.GetInt64(9)), reader.GetInt64(10)));
        }

        return summary.Build();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
    }
}
