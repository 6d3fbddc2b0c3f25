using System.Collections;

namespace LlmRouter;

/// <summary>
/// <see cref="RouteInfo.Attempts"/> of a request that succeeded at its first attempt, the common case: holds what the
/// attempt was and makes its <see cref="RouteAttempt"/> only when someone reads it (once; later reads return the same instance).
/// </summary>
internal sealed class SingleAttempt : IReadOnlyList<RouteAttempt>
{
    private readonly ModelDescriptor _model;
    private readonly TimeSpan _duration;
    private RouteAttempt? _attempt;

    public SingleAttempt(ModelDescriptor model, TimeSpan duration)
    {
        _model = model;
        _duration = duration;
    }

    public int Count => 1;

    public RouteAttempt this[int index] => index == 0
        ? _attempt ??= new RouteAttempt(_model.Provider, _model.Id, _duration, null, null)
        : throw new ArgumentOutOfRangeException(nameof(index), index, "A request that succeeded at its first attempt has one attempt.");

    public IEnumerator<RouteAttempt> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
