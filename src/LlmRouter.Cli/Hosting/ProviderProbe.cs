namespace LlmRouter.Cli.Hosting;

/// <summary>Checks providers' health all at once, each within one deadline: a provider that does not answer in time is reported unhealthy, not waited for.</summary>
/// <param name="time">The clock the deadline and latencies are measured on.</param>
internal sealed class ProviderProbe(TimeProvider time)
{
    /// <summary>Checks every provider.</summary>
    /// <param name="providers">The providers; unconfigured ones are reported without a check.</param>
    /// <param name="deadline">How long the checks may take together.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>One report per provider, in the order given.</returns>
    public async Task<IReadOnlyList<ProviderReport>> CheckAsync(IReadOnlyList<ILlmProvider> providers, TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var checks = new Task<ProviderReport>[providers.Count];
        for (var i = 0; i < providers.Count; i++)
        {
            checks[i] = CheckOneAsync(providers[i], deadline, linked.Token, cancellationToken);
        }

        return await Task.WhenAll(checks);
    }

    private async Task<ProviderReport> CheckOneAsync(ILlmProvider provider, TimeSpan deadline, CancellationToken deadlineToken, CancellationToken cancellationToken)
    {
        if (!provider.IsConfigured)
        {
            return new ProviderReport(provider.Name, provider.IsLocal, false, false, null, provider.NotConfiguredReason ?? "not configured");
        }

        var start = time.GetTimestamp();
        try
        {
            // WaitAsync: a check that ignores its token is still cut off at the deadline.
            var health = await provider.CheckHealthAsync(deadlineToken).AsTask().WaitAsync(deadlineToken);
            var detail = health.Detail ?? (health.IsHealthy ? "answered" : "unhealthy");
            return new ProviderReport(provider.Name, provider.IsLocal, true, health.IsHealthy, health.Latency ?? time.GetElapsedTime(start), detail);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProviderReport(provider.Name, provider.IsLocal, true, false, time.GetElapsedTime(start), $"no answer within {deadline.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ProviderReport(provider.Name, provider.IsLocal, true, false, time.GetElapsedTime(start), $"health check failed: {ex.Message}");
        }
    }
}
