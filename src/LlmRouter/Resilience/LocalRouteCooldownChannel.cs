namespace LlmRouter;

/// <summary>The default <see cref="IRouteCooldownChannel"/> of a single instance: publishes nowhere and receives nothing.</summary>
internal sealed class LocalRouteCooldownChannel : IRouteCooldownChannel, IDisposable
{
    public static readonly LocalRouteCooldownChannel Instance = new();

    public void Publish(string modelKey, TimeSpan duration)
    {
    }

    public IDisposable Subscribe(Action<string, TimeSpan> onCooldown) => this;

    public void Dispose()
    {
    }
}
