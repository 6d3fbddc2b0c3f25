using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace LlmRouter.AspNetCore;

/// <summary>
/// The models the gateway serves: those of the router's catalog (discovered ones included) whose provider is registered,
/// configured and serves them. Resolves the <c>model</c> of a request before anything is called, so an unknown or
/// unavailable model is a 404 that never reaches a provider.
/// </summary>
internal sealed class GatewayModels
{
    private readonly IChatClient _chat;
    private readonly ModelCatalog _fallbackCatalog;
    private readonly FrozenDictionary<string, ILlmProvider> _providers;
    private readonly HashSet<string>? _routingRestriction;
    private readonly string _autoModel;

    public GatewayModels(IChatClient chat, ModelCatalog catalog, IEnumerable<ILlmProvider> providers, IOptions<LlmRouterOptions> router, IOptions<LlmRouterGatewayOptions> gateway)
    {
        _chat = chat;
        _fallbackCatalog = catalog;
        var byName = new Dictionary<string, ILlmProvider>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in providers)
        {
            byName.TryAdd(provider.Name, provider);
        }

        _providers = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        if (router.Value.Models is { Count: > 0 } restricted)
        {
            _routingRestriction = new HashSet<string>(restricted.Select(m => catalog.TryResolve(m, out var known) ? known.Key : m), StringComparer.OrdinalIgnoreCase);
        }

        _autoModel = gateway.Value.AutoModel;
    }

    /// <summary>Gets the model name that lets the router choose.</summary>
    public string AutoModel => _autoModel;

    /// <summary>Gets the router's catalog as it is now (models discovered at run time included).</summary>
    public ModelCatalog Catalog => _chat.GetService<ModelCatalog>() ?? _fallbackCatalog;

    /// <summary>Tells whether a request's model lets the router choose.</summary>
    public bool IsAuto(string model) => string.Equals(model, _autoModel, StringComparison.OrdinalIgnoreCase);

    /// <summary>Resolves a request's model to a model the gateway serves, with the capability the endpoint needs.</summary>
    /// <exception cref="GatewayException">400 for a missing name or a model of the wrong kind; 404 for a model unknown or not served here.</exception>
    public ModelDescriptor Resolve(string? name, bool embeddings)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new GatewayException(GatewayError.BadRequest("'model' is required: a model key, id or alias from GET /v1/models" + (embeddings ? "." : $", or \"{_autoModel}\" to let the router choose."), "model"));
        }

        ModelDescriptor model;
        try
        {
            model = Catalog.Resolve(name);
        }
        catch (LlmException ex)
        {
            throw new GatewayException(NotFound(ex.Message));
        }

        if (!IsServed(model))
        {
            throw new GatewayException(NotFound($"The model '{name}' ({model.Key}) is not served by this gateway: its provider '{model.Provider}' is not registered or not configured. GET /v1/models lists the models it serves."));
        }

        var isEmbedding = model.Supports(ModelCapabilities.Embeddings);
        if (isEmbedding != embeddings)
        {
            throw new GatewayException(GatewayError.BadRequest(
                embeddings ? $"'{model.Key}' is not an embedding model." : $"'{model.Key}' is an embedding model; use POST /v1/embeddings.",
                "model",
                "model_not_supported"));
        }

        return model;
    }

    /// <summary>Gets the provider of a model the gateway serves.</summary>
    public ILlmProvider ProviderOf(ModelDescriptor model) => _providers[model.Provider];

    /// <summary>Lists the models the gateway serves, by key: chat models within <see cref="LlmRouterOptions.Models"/> (when set), and embedding models.</summary>
    public IEnumerable<ModelDescriptor> Served()
    {
        foreach (var model in Catalog.Models.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (IsServed(model) && (_routingRestriction is null || model.Supports(ModelCapabilities.Embeddings) || _routingRestriction.Contains(model.Key)))
            {
                yield return model;
            }
        }
    }

    private bool IsServed(ModelDescriptor model) =>
        _providers.TryGetValue(model.Provider, out var provider) && provider.IsConfigured && provider.Supports(model);

    private static GatewayError NotFound(string message) =>
        new(StatusCodes.Status404NotFound, "invalid_request_error", "model_not_found", message) { Param = "model" };
}
