using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LlmRouter.Tests.TestSupport;

/// <summary>An <see cref="ILogger{TCategoryName}"/> that keeps every entry it is given, for tests to read.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(new LogEntry(logLevel, eventId, formatter(state, exception)));
}

/// <summary>One log entry.</summary>
internal sealed record LogEntry(LogLevel Level, EventId EventId, string Message);
