namespace LlmRouter;

/// <summary>
/// Shares route cooldowns (open circuits) between router instances, so that a provider one instance found failing is
/// skipped by the others too. The default shares nothing; <c>LlmRouter.Redis</c> shares them through Redis.
/// </summary>
/// <remarks>
/// Cooldowns travel as durations from now rather than as points in time, so instances whose clocks disagree still agree
/// on how long a route rests. The router publishes only when a route starts cooling down (never per request) and applies
/// what it receives to its own route state, so checking a route stays a local read.
/// </remarks>
public interface IRouteCooldownChannel
{
    /// <summary>Tells the other instances that a route started cooling down on this one.</summary>
    /// <param name="modelKey">The route's model key (<c>provider/id</c>).</param>
    /// <param name="duration">How long from now the route cools down; positive.</param>
    /// <remarks>Called on the thread of the request whose failure opened the circuit: return at once (send in the
    /// background) and never throw.</remarks>
    void Publish(string modelKey, TimeSpan duration);

    /// <summary>Starts delivering the cooldowns other instances publish; the router subscribes once, when its route state is created.</summary>
    /// <param name="onCooldown">Applies a cooldown locally: the route's model key and how long from now it cools down. Cheap and thread-safe.</param>
    /// <returns>Stops the delivery when disposed.</returns>
    IDisposable Subscribe(Action<string, TimeSpan> onCooldown);
}
