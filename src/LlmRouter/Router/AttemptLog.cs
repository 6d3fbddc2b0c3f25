namespace LlmRouter;

/// <summary>
/// Every attempt of one request so far and what they cost together. A mutable struct kept in the request's own async frame,
/// so a request that succeeds at its first attempt allocates nothing for it until <see cref="ToRouteAttempts"/>.
/// </summary>
internal struct AttemptLog
{
    private RouteAttempt? _only;
    private SingleAttempt? _single;
    private List<RouteAttempt>? _all;

    /// <summary>Gets how many attempts were made or skipped.</summary>
    public int Count { get; private set; }

    /// <summary>Gets how many attempts reached a provider.</summary>
    public int Calls { get; private set; }

    /// <summary>Gets what every attempt cost together in USD.</summary>
    public decimal TotalCost { get; private set; }

    /// <summary>Gets the numbers the attempts of the request were given so far (1-based, in order).</summary>
    public int LastNumber { get; set; }

    /// <summary>Adds an attempt that reached the provider and succeeded; its <see cref="RouteAttempt"/> is made only when read.</summary>
    public void AddSuccess(ModelDescriptor model, TimeSpan duration, decimal cost)
    {
        Calls++;
        TotalCost += cost;
        if (Count == 0)
        {
            _single = new SingleAttempt(model, duration);
            Count = 1;
            return;
        }

        Add(new RouteAttempt(model.Provider, model.Id, duration, null, null));
    }

    /// <summary>Adds a failed attempt, or one skipped before a call (<paramref name="called"/> false: not registered, over budget).</summary>
    public void AddFailure(ModelDescriptor model, TimeSpan duration, LlmErrorKind? error, string message, decimal cost, bool called)
    {
        if (called)
        {
            Calls++;
        }

        TotalCost += cost;
        Add(new RouteAttempt(model.Provider, model.Id, duration, error, message));
    }

    /// <summary>Gets the attempts, oldest first.</summary>
    public readonly IReadOnlyList<RouteAttempt> ToRouteAttempts()
    {
        if (_single is not null)
        {
            return _single;
        }

        if (_all is not null)
        {
            return _all.ToArray();
        }

        return _only is null ? [] : [_only];
    }

    private void Add(RouteAttempt attempt)
    {
        if (Count == 0)
        {
            _only = attempt;
        }
        else
        {
            if (_all is null)
            {
                _all = new List<RouteAttempt>(4);
                _all.Add(_only ?? _single![0]);
                _only = null;
                _single = null;
            }

            _all.Add(attempt);
        }

        Count++;
    }
}
