using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LlmRouter.Tests.TestSupport;

/// <summary>Keeps every log entry the router writes, formatted, with its exception's full text.</summary>
internal sealed class CapturingLogger : ILogger<RouterChatClient>
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyList<string> Entries => _entries.ToArray();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : Environment.NewLine + exception));
}
