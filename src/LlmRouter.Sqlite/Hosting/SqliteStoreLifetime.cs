using Microsoft.Extensions.Hosting;

namespace LlmRouter.Sqlite;

/// <summary>
/// Ties the SQLite store to the host's lifetime: the file is opened (and its schema checked) when the host starts, so a path
/// that cannot be opened fails the start; on stop, the usage records queued so far are stored.
/// </summary>
/// <remarks>Records that arrive after the stop (requests still finishing) are stored when the container disposes the store.</remarks>
internal sealed class SqliteStoreLifetime : IHostedService
{
    private readonly SqliteUsageStore _usage;

    /// <param name="usage">The store; resolving it opens the file.</param>
    public SqliteStoreLifetime(SqliteUsageStore usage) => _usage = usage;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _usage.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
            // The writer has logged the failure; the records stay queued and the store's disposal tries them once more.
        }
    }
}
