using Microsoft.Data.Sqlite;

namespace LlmRouter.Sqlite;

/// <summary>
/// Keeps the outcomes the <c>smart</c> strategy learns from in a SQLite file, as an append-only log shared by the processes
/// on the file: positions are dense from 0, in the order outcomes were added, whichever process added them.
/// </summary>
/// <remarks>
/// <see cref="AddAsync"/> appends a batch in one IMMEDIATE transaction (all of it or nothing). <see cref="Count"/> is what this
/// instance knows of without reading the file: the outcomes present when it opened, then the end of every batch it appended
/// or read, so outcomes another process adds count once this one appends or reads again. Thread-safe.
/// </remarks>
public sealed class SqliteRoutingOutcomeStore : IRoutingOutcomeStore, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _count;

    /// <summary>Initializes a new instance of the <see cref="SqliteRoutingOutcomeStore"/> class on a file of its own.</summary>
    /// <param name="options">Which file; it is created, with its tables, when missing.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; every problem is listed.</exception>
    /// <exception cref="InvalidOperationException">The file cannot be opened; the message names its path.</exception>
    public SqliteRoutingOutcomeStore(SqliteStoreOptions options)
        : this(new SqliteDatabase(options), ownsDatabase: true)
    {
    }

    internal SqliteRoutingOutcomeStore(SqliteDatabase database, bool ownsDatabase = false)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _ownsDatabase = ownsDatabase;
        try
        {
            using var connection = database.Open();
            _count = NextPosition(connection, transaction: null);
        }
        catch
        {
            if (ownsDatabase)
            {
                database.Dispose();
            }

            throw;
        }
    }

    /// <inheritdoc/>
    public long Count => Volatile.Read(ref _count);

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="outcomes"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An outcome is <see langword="null"/>.</exception>
    /// <exception cref="SqliteException">The file stayed locked past the busy timeout, or cannot be written; nothing was added.</exception>
    public async ValueTask AddAsync(IReadOnlyList<RoutingOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        OutcomeBatch.ThrowIfInvalid(outcomes);

        if (outcomes.Count == 0)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = _database.Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            var next = NextPosition(connection, transaction);
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO routing_outcomes (position, prompt, model, quality, output_tokens, source) VALUES ($position, $prompt, $model, $quality, $tokens, $source);";
            var position = insert.Parameters.Add("$position", SqliteType.Integer);
            var prompt = insert.Parameters.Add("$prompt", SqliteType.Text);
            var model = insert.Parameters.Add("$model", SqliteType.Text);
            var quality = insert.Parameters.Add("$quality", SqliteType.Real);
            var tokens = insert.Parameters.Add("$tokens", SqliteType.Integer);
            var source = insert.Parameters.Add("$source", SqliteType.Text);
            for (var i = 0; i < outcomes.Count; i++)
            {
                var outcome = outcomes[i];
                position.Value = next + i;
                prompt.Value = outcome.Prompt;
                model.Value = outcome.Model;
                quality.Value = outcome.Quality;
                tokens.Value = outcome.OutputTokens is { } t ? t : DBNull.Value;
                source.Value = (object?)outcome.Source ?? DBNull.Value;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            Known(next + outcomes.Count);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    /// <remarks>Reads the file, so it returns what every process on it added, up to now.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="from"/> is negative.</exception>
    public ValueTask<IReadOnlyList<RoutingOutcome>> ReadAsync(long from, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT prompt, model, quality, output_tokens, source FROM routing_outcomes WHERE position >= $from ORDER BY position;";
        command.Parameters.AddWithValue("$from", from);
        var outcomes = new List<RoutingOutcome>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                outcomes.Add(new RoutingOutcome(reader.GetString(0), reader.GetString(1), reader.GetDouble(2))
                {
                    OutputTokens = reader.IsDBNull(3) ? null : reader.GetInt32(3),
                    Source = reader.IsDBNull(4) ? null : reader.GetString(4),
                });
            }
        }

        if (outcomes.Count > 0)
        {
            Known(from + outcomes.Count);
        }

        return new ValueTask<IReadOnlyList<RoutingOutcome>>(outcomes);
    }

    /// <summary>Closes the file, when the store opened it.</summary>
    public void Dispose()
    {
        _gate.Dispose();
        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }

    private static long NextPosition(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(position) + 1, 0) FROM routing_outcomes;";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Raises the count, never lowers it (another thread may have seen further).
    private void Known(long end)
    {
        var current = Volatile.Read(ref _count);
        while (end > current)
        {
            var seen = Interlocked.CompareExchange(ref _count, end, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
