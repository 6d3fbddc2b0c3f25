namespace LlmRouter;

/// <summary>When a failing route is taken out of rotation (its circuit opened) and for how long.</summary>
public sealed class CooldownOptions
{
    /// <summary>Gets or sets a value indicating whether routes cool down at all.</summary>
    /// <value><see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how many failures within <see cref="Window"/> cool a route down.</summary>
    /// <value>5. At least 1.</value>
    public int FailureThreshold { get; set; } = LlmRouterDefaults.CooldownFailureThreshold;

    /// <summary>Gets or sets the window failures are counted in.</summary>
    /// <value>60 seconds. Must be positive.</value>
    public TimeSpan Window { get; set; } = LlmRouterDefaults.CooldownWindow;

    /// <summary>Gets or sets how long a route that reached the threshold is skipped. A 429's Retry-After sets its own duration.</summary>
    /// <value>30 seconds. Must be positive.</value>
    public TimeSpan Duration { get; set; } = LlmRouterDefaults.CooldownDuration;
}
