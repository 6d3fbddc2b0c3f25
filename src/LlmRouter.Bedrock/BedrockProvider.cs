using Anthropic;
using Anthropic.Bedrock;
using LlmRouter.Anthropic;
using Microsoft.Extensions.AI;

namespace LlmRouter.Bedrock;

/// <summary>Claude on Amazon Bedrock, through Anthropic's <c>Anthropic.Bedrock</c> package and the <c>Anthropic</c> SDK's <c>AsIChatClient</c>.</summary>
/// <remarks>
/// Serves Anthropic models only (<c>anthropic.*</c>, cross-region inference profiles such as <c>us.anthropic.*</c>, and ARNs):
/// other Bedrock models (Amazon Nova, Meta Llama, Titan embeddings) need the Bedrock Converse API, which this package does not
/// speak, and fail with <see cref="LlmErrorKind.ModelNotFound"/> so the router moves on. Errors and usage are mapped exactly
/// as by the Anthropic provider; AWS errors (<c>ThrottlingException</c>, <c>AccessDeniedException</c>, <c>ValidationException</c>, …)
/// are classified from <c>x-amzn-ErrorType</c>.
/// </remarks>
public sealed class BedrockProvider : ILlmProvider, IDisposable
{
    /// <summary>The provider's name.</summary>
    public const string ProviderName = "bedrock";

    private readonly BedrockProviderOptions _options;
    private readonly IAnthropicClient? _client;
    private readonly IEnumerable<string?> _secrets;
    private readonly bool _ownsHttpClient;

    /// <summary>Initializes a new instance of the <see cref="BedrockProvider"/> class.</summary>
    /// <param name="options">The options; what they leave unset is read from the usual AWS environment variables.</param>
    /// <param name="timeProvider">The clock (request signing, Retry-After dates); <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    public BedrockProvider(BedrockProviderOptions options, TimeProvider? timeProvider = null)
        : this(options, timeProvider, BedrockEnvironment.Default)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BedrockProvider"/> class, reading the given environment variables (tests).</summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="environment">The environment variable names.</param>
    internal BedrockProvider(BedrockProviderOptions options, TimeProvider? timeProvider, BedrockEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        if (options.MaxOutputTokens is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxOutputTokens, $"{nameof(BedrockProviderOptions.MaxOutputTokens)} must be positive.");
        }

        _options = options;
        var time = timeProvider ?? TimeProvider.System;
        var auth = BedrockCredentialResolver.Resolve(options, environment, time);
        Region = auth.Region;
        CredentialSource = auth.Source;
        _secrets = auth.Secrets;
        if (auth.Credentials is null)
        {
            NotConfiguredReason = auth.Problem ?? "no AWS credentials";
            return;
        }

        _ownsHttpClient = options.HttpClient is null;
        // The constructor sets the regional endpoint; WithOptions applies LlmRouter's settings (and an Endpoint override) on top.
        _client = new AnthropicBedrockClient(auth.Credentials).WithOptions(o => AnthropicClientSetup.Apply(o, options, time));
    }

    /// <inheritdoc/>
    public string Name => ProviderName;

    /// <inheritdoc/>
    public bool IsLocal => false;

    /// <inheritdoc/>
    public bool IsConfigured => _client is not null;

    /// <inheritdoc/>
    public string? NotConfiguredReason { get; }

    /// <summary>Gets the AWS region requests are signed for, if known.</summary>
    public string? Region { get; }

    /// <summary>Gets where the credentials came from (options, an environment variable's name or an AWS profile), never the secret.</summary>
    public string? CredentialSource { get; }

    /// <summary>Gets the endpoint requests go to, if the region is known.</summary>
    public Uri? Endpoint => _options.Endpoint ?? (Region is null ? null : new Uri($"https://bedrock-runtime.{Region}.amazonaws.com"));

    /// <inheritdoc/>
    /// <returns><see langword="true"/> only for Anthropic Claude models (<c>anthropic.*</c>, <c>us.anthropic.*</c>, …, inference-profile ARNs):
    /// the catalog's other <c>bedrock</c> models (Nova, Llama, Titan) need the Converse API, which this package does not speak.</returns>
    public bool Supports(ModelDescriptor model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return IsAnthropicModel(model.Id);
    }

    /// <inheritdoc/>
    /// <exception cref="LlmException"><see cref="LlmErrorKind.ModelNotFound"/> for a Bedrock model that is not Anthropic's;
    /// <see cref="LlmErrorKind.Authentication"/> when the provider is not configured.</exception>
    public IChatClient GetChatClient(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        if (!IsAnthropicModel(modelId))
        {
            throw new LlmException(LlmErrorKind.ModelNotFound,
                $"{ProviderName}/{modelId} is not an Anthropic model: LlmRouter.Bedrock serves Claude through Anthropic.Bedrock " +
                "(model ids anthropic.*, us.anthropic.*, … or inference-profile ARNs). Use another provider for Nova, Llama or Titan models.")
            {
                Provider = ProviderName,
                Model = modelId,
            };
        }

        var client = _client ?? throw new LlmException(LlmErrorKind.Authentication, $"{ProviderName} is not configured: {NotConfiguredReason}")
        {
            Provider = ProviderName,
            Model = modelId,
        };
        return AnthropicClientSetup.CreateChatClient(client, ProviderName, modelId, _options.MaxOutputTokens, _secrets);
    }

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">Always: Anthropic.Bedrock has no embeddings.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string modelId) =>
        throw new NotSupportedException(
            "LlmRouter.Bedrock serves Claude, which has no embeddings. For Bedrock embeddings (amazon.titan-embed-text-v2:0, Cohere Embed) " +
            "use the AWS SDK's AmazonBedrockRuntimeClient; or use another provider's embedding model.");

    /// <inheritdoc/>
    /// <remarks>Does not call AWS: Bedrock's runtime API has no free endpoint to probe, so health reflects the configuration.</remarks>
    public ValueTask<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_client is null
            ? new ProviderHealth(false, $"not configured: {NotConfiguredReason}")
            : new ProviderHealth(true, $"configured for {Region} with credentials from {CredentialSource}; not probed (Bedrock has no free call to probe)"));

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttpClient && _client is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{nameof(BedrockProvider)} {{ Region = {Region ?? "(none)"}, Configured = {IsConfigured}, Credentials = {CredentialSource ?? "(none)"}, Options = {_options} }}";

    /// <summary>Tells whether a Bedrock model id names an Anthropic model: <c>anthropic.*</c>, <c>{geo}.anthropic.*</c> or an ARN.</summary>
    /// <param name="modelId">The model id.</param>
    /// <returns><see langword="true"/> when Anthropic.Bedrock can serve it.</returns>
    internal static bool IsAnthropicModel(string modelId)
    {
        if (modelId.StartsWith("arn:", StringComparison.OrdinalIgnoreCase) || modelId.StartsWith("anthropic.", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var dot = modelId.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && modelId.AsSpan(dot + 1).StartsWith("anthropic.", StringComparison.OrdinalIgnoreCase);
    }
}
