namespace LlmRouter;

/// <summary>Settings of the <c>smart</c> (cost-quality) strategy and the outcomes it learns from.</summary>
public sealed class SmartRoutingOptions
{
    /// <summary>
    /// Gets or sets the quality a chosen model must be predicted to reach, relative to the best candidate's prediction for the
    /// prompt (0.8: at least 80 % as good), unless <see cref="RoutingHints.QualityTarget"/> says otherwise.
    /// </summary>
    /// <value>0.8. From 0 to 1.</value>
    public double QualityTarget { get; set; } = LlmRouterDefaults.QualityTarget;

    /// <summary>Gets or sets a file the default outcome store loads on first use and appends every new outcome to, so a restart loses nothing.</summary>
    /// <value><see langword="null"/>: outcomes are kept in memory only.</value>
    public string? OutcomesFile { get; set; }
}
