using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>One model reachable through one registered provider; its chat client is created once, on first use.</summary>
internal sealed class Route
{
    private readonly Lazy<IChatClient> _client;

    public Route(ModelDescriptor model, ILlmProvider provider)
    {
        Model = model;
        Provider = provider;
        Key = model.Key;
        _client = new Lazy<IChatClient>(() => provider.GetChatClient(model.Id), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public ModelDescriptor Model { get; }

    public ILlmProvider Provider { get; }

    public string Key { get; }

    public IChatClient Client => _client.Value;
}
