using Microsoft.Data.Sqlite;

namespace LlmRouter.Sqlite;

/// <summary>
/// The ledger's SQL on one connection of its own: the <c>budget_totals</c> of a budget and period, and the
/// <c>budget_pending</c> reservations. Every method runs inside a transaction the caller opened. Not thread-safe.
/// </summary>
internal sealed class BudgetTables : IDisposable
{
    private const int GlobalScope = 0;
    private const int TenantScope = 1;
    private const int DayUnit = 0;
    private const int MonthUnit = 1;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _readTotals;
    private readonly SqliteCommand _writeTotals;
    private readonly SqliteCommand _insertPending;
    private readonly SqliteCommand _takePending;
    private readonly SqliteCommand _prunePending;

    public BudgetTables(SqliteDatabase database)
    {
        _connection = database.Open();
        _readTotals = Command("""
            SELECT scope, unit, reserved, spent FROM budget_totals
            WHERE ((scope = 0 AND tenant = '') OR (scope = 1 AND tenant = $tenant))
              AND ((unit = 0 AND period = $day) OR (unit = 1 AND period = $month));
            """, "$tenant", "$day", "$month");
        _writeTotals = Command("""
            INSERT INTO budget_totals (scope, tenant, unit, period, reserved, spent) VALUES ($scope, $tenant, $unit, $period, $reserved, $spent)
            ON CONFLICT (scope, tenant, unit, period) DO UPDATE SET reserved = excluded.reserved, spent = excluded.spent;
            """, "$scope", "$tenant", "$unit", "$period", "$reserved", "$spent");
        _insertPending = Command("""
            INSERT INTO budget_pending (tenant, day, month, amount, reserved_utc_ticks) VALUES ($tenant, $day, $month, $amount, $ticks)
            RETURNING id;
            """, "$tenant", "$day", "$month", "$amount", "$ticks");
        _takePending = Command("DELETE FROM budget_pending WHERE id = $id RETURNING tenant, day, month, amount;", "$id");
        _prunePending = Command("DELETE FROM budget_pending WHERE month < $month;", "$month");
    }

    /// <summary>Begins an IMMEDIATE transaction: it takes the file's write lock at once (waiting up to the busy timeout), so
    /// what it reads cannot change before it commits, in this process or another.</summary>
    public SqliteTransaction BeginImmediate() => _connection.BeginTransaction(deferred: false);

    /// <summary>Reads the global budget's totals and, when <paramref name="tenant"/> is given, the tenant's, for a day and a month.</summary>
    public Totals Read(SqliteTransaction? transaction, string? tenant, BudgetPeriods periods)
    {
        Bind(_readTotals, transaction, (object?)tenant ?? DBNull.Value, periods.Day, periods.Month);
        var totals = default(Totals);
        using var reader = _readTotals.ExecuteReader();
        while (reader.Read())
        {
            var value = new BudgetTotals(SqliteMoney.FromText(reader.GetString(2)), SqliteMoney.FromText(reader.GetString(3)));
            var global = reader.GetInt32(0) == GlobalScope;
            var day = reader.GetInt32(1) == DayUnit;
            if (global)
            {
                totals = day ? totals with { GlobalDay = value } : totals with { GlobalMonth = value };
            }
            else
            {
                totals = day ? totals with { TenantDay = value } : totals with { TenantMonth = value };
            }
        }

        return totals;
    }

    /// <summary>Writes the totals of a budget (the global one when <paramref name="tenant"/> is <see langword="null"/>) for a day and a month.</summary>
    public void Write(SqliteTransaction transaction, string? tenant, BudgetPeriods periods, BudgetTotals day, BudgetTotals month)
    {
        WriteOne(transaction, tenant, DayUnit, periods.Day, day);
        WriteOne(transaction, tenant, MonthUnit, periods.Month, month);
    }

    /// <summary>Records a reservation; returns its id, unique in the file and never reused.</summary>
    public long InsertPending(SqliteTransaction transaction, string? tenant, BudgetPeriods periods, decimal amount, DateTimeOffset at)
    {
        Bind(_insertPending, transaction, (object?)tenant ?? DBNull.Value, periods.Day, periods.Month, SqliteMoney.ToText(amount), at.UtcTicks);
        return Convert.ToInt64(_insertPending.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Removes a reservation and returns it, or <see langword="null"/> when it is not pending (settled already, or never made here).</summary>
    public PendingReservation? TakePending(SqliteTransaction transaction, long id)
    {
        Bind(_takePending, transaction, id);
        using var reader = _takePending.ExecuteReader();
        return reader.Read()
            ? new PendingReservation(reader.IsDBNull(0) ? null : reader.GetString(0), new BudgetPeriods(reader.GetInt32(1), reader.GetInt32(2)), SqliteMoney.FromText(reader.GetString(3)))
            : null;
    }

    /// <summary>Forgets reservations made before a month: they no longer count against anything.</summary>
    public void PrunePendingBefore(SqliteTransaction transaction, int month)
    {
        Bind(_prunePending, transaction, month);
        _prunePending.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _readTotals.Dispose();
        _writeTotals.Dispose();
        _insertPending.Dispose();
        _takePending.Dispose();
        _prunePending.Dispose();
        _connection.Dispose();
    }

    private void WriteOne(SqliteTransaction transaction, string? tenant, int unit, int period, BudgetTotals totals) =>
        Execute(_writeTotals, transaction, tenant is null ? GlobalScope : TenantScope, tenant ?? string.Empty, unit, period, SqliteMoney.ToText(totals.Reserved), SqliteMoney.ToText(totals.Spent));

    private static void Execute(SqliteCommand command, SqliteTransaction transaction, params object[] values)
    {
        Bind(command, transaction, values);
        command.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, SqliteTransaction? transaction, params object[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    /// <summary>The totals <see cref="Read"/> found; a period with no row yet is zero.</summary>
    internal readonly record struct Totals(BudgetTotals GlobalDay, BudgetTotals GlobalMonth, BudgetTotals TenantDay, BudgetTotals TenantMonth);

    /// <summary>A reservation <see cref="TakePending"/> removed.</summary>
    internal sealed record PendingReservation(string? Tenant, BudgetPeriods Periods, decimal Amount);
}
