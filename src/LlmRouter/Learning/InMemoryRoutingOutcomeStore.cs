namespace LlmRouter;

/// <summary>
/// Keeps routing outcomes in memory, optionally backed by a file of outcome lines (DESIGN §10's format, one outcome a
/// line) so that a restart loses nothing: the file is read on first use and every added batch is appended to it.
/// </summary>
/// <remarks>Thread-safe. Readers see whole batches only.</remarks>
public sealed class InMemoryRoutingOutcomeStore : IRoutingOutcomeStore, IDisposable
{
    private readonly string? _filePath;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RoutingOutcome[] _outcomes = [];
    private int _count;
    private bool _loaded;

    /// <summary>Initializes a new instance of the <see cref="InMemoryRoutingOutcomeStore"/> class that keeps outcomes in memory only.</summary>
    public InMemoryRoutingOutcomeStore()
        : this(filePath: null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InMemoryRoutingOutcomeStore"/> class backed by a file.</summary>
    /// <param name="filePath">The file outcomes are loaded from and appended to (created when missing), or <see langword="null"/> for memory only.</param>
    public InMemoryRoutingOutcomeStore(string? filePath)
    {
        if (filePath is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
            _filePath = Path.GetFullPath(filePath);
        }

        _loaded = _filePath is null;
    }

    /// <summary>Gets the backing file's full path, or <see langword="null"/>.</summary>
    public string? FilePath => _filePath;

    /// <inheritdoc/>
    /// <remarks>Outcomes in the backing file count once the store has been used (read or written) for the first time.</remarks>
    public long Count => Volatile.Read(ref _count);

    /// <inheritdoc/>
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
            await LoadUnderGateAsync(cancellationToken).ConfigureAwait(false);
            if (_filePath is not null)
            {
                // The file first: a batch that cannot be persisted is not kept in memory either.
                Directory.CreateDirectory(Path.GetDirectoryName(_filePath)!);
                var file = new FileStream(_filePath, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 1, useAsync: true);
                await using (file.ConfigureAwait(false))
                {
                    await OutcomeLines.WriteAsync(file, outcomes, CancellationToken.None).ConfigureAwait(false);
                    await file.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }

            Append(outcomes);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<RoutingOutcome>> ReadAsync(long from, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        if (!Volatile.Read(ref _loaded))
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await LoadUnderGateAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }

        // The array and count are published together under the gate; a reader takes the count first, then the array,
        // which is never shorter than any count published before it.
        var count = Volatile.Read(ref _count);
        var outcomes = Volatile.Read(ref _outcomes);
        if (from >= count)
        {
            return [];
        }

        return new ArraySegment<RoutingOutcome>(outcomes, (int)from, count - (int)from);
    }

    /// <summary>Writes every outcome held to a stream as outcome lines, which <see cref="IRoutingFeedback.ImportAsync"/> reads back.</summary>
    /// <param name="destination">The stream.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    public async ValueTask SaveAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var all = await ReadAsync(0, cancellationToken).ConfigureAwait(false);
        await OutcomeLines.WriteAsync(destination, all, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    private async ValueTask LoadUnderGateAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        if (File.Exists(_filePath))
        {
            var file = new FileStream(_filePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 64 * 1024, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                // The file holds catalog keys already; they are kept as written, even for models since removed from the catalog.
                Append(await OutcomeLines.ReadAsync(file, static name => name, cancellationToken).ConfigureAwait(false));
            }
        }

        Volatile.Write(ref _loaded, true);
    }

    private void Append(IReadOnlyList<RoutingOutcome> added)
    {
        var count = _count;
        var outcomes = _outcomes;
        if (count + added.Count > outcomes.Length)
        {
            var bigger = new RoutingOutcome[Math.Max(count + added.Count, Math.Max(16, outcomes.Length * 2))];
            Array.Copy(outcomes, bigger, count);
            outcomes = bigger;
        }

        for (var i = 0; i < added.Count; i++)
        {
            outcomes[count + i] = added[i];
        }

        Volatile.Write(ref _outcomes, outcomes);
        Volatile.Write(ref _count, count + added.Count);
    }
}
