using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>One model reachable through one registered provider; its chat client is created once, on first use.</summary>
internal sealed class Route
{
    private readonly Lazy<IChatClient> _client;

    public Route(ModelDescriptor model, ILlmProvider provider, RouteHealth health)
    {
        Model = model;
        Provider = provider;
        Health = health;
        Key = model.Key;
        Prices = new PriceCalculator(model.Pricing);
        _client = new Lazy<IChatClient>(() => provider.GetChatClient(model.Id), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public ModelDescriptor Model { get; }

    public ILlmProvider Provider { get; }

    /// <summary>Gets the route's health, shared with <see cref="RouteHealthRegistry"/>.</summary>
    public RouteHealth Health { get; }

    public string Key { get; }

    /// <summary>Gets the model's prices, for costing each attempt.</summary>
    public PriceCalculator Prices { get; }

    public IChatClient Client => _client.Value;
}
