using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace LlmRouter.Testing;

/// <summary>
/// A scriptable <see cref="ILlmProvider"/> for tests: one <see cref="FakeChatClient"/> per model id (script it with
/// <see cref="ForModel"/>), deterministic embeddings, and a settable health.
/// </summary>
public sealed class FakeLlmProvider : ILlmProvider
{
    private readonly ConcurrentDictionary<string, FakeChatClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeEmbeddingGenerator> _embeddingGenerators = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _getChatClientCalls = new();
    private int _healthCheckCount;

    /// <summary>Initializes a new instance of the <see cref="FakeLlmProvider"/> class.</summary>
    /// <param name="name">The provider's name, e.g. <c>openai</c> to stand in for a real one in the catalog.</param>
    /// <param name="isLocal">Whether the provider claims to run locally.</param>
    /// <param name="timeProvider">The clock given to the provider's chat clients; defaults to <see cref="TimeProvider.System"/>.</param>
    public FakeLlmProvider(string name, bool isLocal = false, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        IsLocal = isLocal;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool IsLocal { get; }

    /// <summary>Gets the clock given to the provider's chat clients.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets or sets a value indicating whether the provider can take traffic; <see langword="true"/> by default.</summary>
    public bool IsConfigured { get; set; } = true;

    /// <summary>Gets or sets why the provider is not configured.</summary>
    public string? NotConfiguredReason { get; set; }

    /// <summary>Gets or sets a value indicating whether <see cref="GetEmbeddingGenerator"/> works; when <see langword="false"/> it throws <see cref="NotSupportedException"/>.</summary>
    public bool SupportsEmbeddings { get; set; } = true;

    /// <summary>Gets or sets which catalog models the provider serves (<see cref="Supports"/>); <see langword="null"/>, the default, serves every model listed under its name.</summary>
    public Func<ModelDescriptor, bool>? SupportedModels { get; set; }

    /// <summary>Gets or sets what <see cref="CheckHealthAsync"/> returns; healthy by default.</summary>
    public ProviderHealth Health { get; set; } = new(IsHealthy: true, Detail: "fake provider");

    /// <summary>Gets or sets an exception <see cref="CheckHealthAsync"/> throws instead of returning <see cref="Health"/>.</summary>
    public Exception? HealthCheckException { get; set; }

    /// <summary>Gets the number of <see cref="CheckHealthAsync"/> calls.</summary>
    public int HealthCheckCount => Volatile.Read(ref _healthCheckCount);

    /// <inheritdoc/>
    public bool Supports(ModelDescriptor model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return SupportedModels?.Invoke(model) ?? true;
    }

    /// <summary>Gets the chat clients created so far, by model id (a live, read-only view).</summary>
    public IReadOnlyDictionary<string, FakeChatClient> Clients => _clients;

    /// <summary>Gets a snapshot of the model ids passed to <see cref="GetChatClient"/>, in order.</summary>
    public IReadOnlyList<string> GetChatClientCalls => _getChatClientCalls.ToArray();

    /// <summary>Gets the chat client of a model, creating it if needed, to script it before the code under test runs; does not count as a <see cref="GetChatClient"/> call.</summary>
    /// <param name="modelId">The model id.</param>
    /// <returns>The same client <see cref="GetChatClient"/> returns for <paramref name="modelId"/>.</returns>
    public FakeChatClient ForModel(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return _clients.GetOrAdd(modelId, static (id, provider) => new FakeChatClient(id, provider.TimeProvider) { ProviderName = provider.Name }, this);
    }

    /// <inheritdoc />
    public IChatClient GetChatClient(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        _getChatClientCalls.Enqueue(modelId);
        return ForModel(modelId);
    }

    /// <inheritdoc />
    public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        if (!SupportsEmbeddings)
        {
            throw new NotSupportedException($"The fake provider '{Name}' has no embeddings (SupportsEmbeddings is false).");
        }

        return _embeddingGenerators.GetOrAdd(modelId, static (id, name) => new FakeEmbeddingGenerator(id, providerName: name), Name);
    }

    /// <inheritdoc />
    public ValueTask<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _healthCheckCount);
        if (HealthCheckException is { } exception)
        {
            return ValueTask.FromException<ProviderHealth>(exception);
        }

        return ValueTask.FromResult(Health);
    }
}
