using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LlmRouter;

/// <summary>
/// Tells which models are deprecated today (UTC, on the router's <see cref="TimeProvider"/>), and warns once per model when
/// one is used anyway because it was asked for by name.
/// </summary>
/// <remarks>
/// Only models with a <see cref="ModelDescriptor.DeprecationDate"/> read the clock, so the common case costs one null check.
/// </remarks>
internal sealed class ModelLifecycle
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.OrdinalIgnoreCase);

    public ModelLifecycle(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>Gets today's date in UTC.</summary>
    public DateOnly Today => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    /// <summary>Logs a warning the first time a deprecated model is used because <paramref name="namedBy"/> names it.</summary>
    /// <param name="model">The model about to be planned.</param>
    /// <param name="namedBy">What named it (<c>ChatOptions.ModelId</c>, <c>LlmRouterOptions.FallbackChain</c>).</param>
    public void WarnIfDeprecated(ModelDescriptor model, string namedBy)
    {
        if (model.DeprecationDate is not { } date || !model.IsDeprecatedOn(Today) || !_warned.TryAdd(model.Key, true))
        {
            return;
        }

        RouterLog.DeprecatedModelUsed(_logger, model.Key, date, namedBy);
    }
}
