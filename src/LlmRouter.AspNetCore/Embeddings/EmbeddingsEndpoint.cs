using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmRouter.AspNetCore;

/// <summary>
/// <c>POST /v1/embeddings</c>: the named embedding model's provider makes the vectors. Like the router does for chat, the call
/// reserves its worst-case cost against the caller's budget first, and its usage is recorded under the caller's tenant whether
/// it succeeds or fails.
/// </summary>
internal sealed class EmbeddingsEndpoint
{
    private const int CharsPerToken = 4;

    private readonly GatewayModels _models;
    private readonly IUsageStore _usage;
    private readonly IBudgetLedger _budgets;
    private readonly bool _budgetsOn;
    private readonly bool _trackUsage;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, IEmbeddingGenerator<string, Embedding<float>>> _generators = new(StringComparer.OrdinalIgnoreCase);

    public EmbeddingsEndpoint(GatewayModels models, IUsageStore usage, IBudgetLedger budgets, IOptions<LlmRouterOptions> router, TimeProvider time, ILogger<EmbeddingsEndpoint> logger)
    {
        _models = models;
        _usage = usage;
        _budgets = budgets;
        _budgetsOn = router.Value.Budgets.HasLimits;
        _trackUsage = router.Value.TrackUsage;
        _timeout = router.Value.AttemptTimeout;
        _time = time;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context, GatewayCaller caller)
    {
        var request = await GatewayJson.ReadAsync(context.Request, GatewayJsonContext.Default.EmbeddingRequest).ConfigureAwait(false);
        var model = _models.Resolve(request.Model, embeddings: true);
        var texts = Texts(request.Input);
        var base64 = request.EncodingFormat switch
        {
            null or "float" => false,
            "base64" => true,
            _ => throw new GatewayException(GatewayError.BadRequest("'encoding_format' must be float or base64.", "encoding_format")),
        };
        if (request.Dimensions is <= 0)
        {
            throw new GatewayException(GatewayError.BadRequest("'dimensions' must be at least 1.", "dimensions"));
        }

        var generator = Generator(model);
        var aborted = context.RequestAborted;
        var reservation = _budgetsOn
            ? await _budgets.ReserveAsync(caller.Tenant, WorstCase(model, texts), aborted).ConfigureAwait(false)
            : BudgetReservation.None;
        var startedAt = _time.GetUtcNow();
        var start = _time.GetTimestamp();
        GeneratedEmbeddings<Embedding<float>>? result = null;
        LlmException? failure = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        if (_timeout != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(_timeout);
        }

        try
        {
            result = await generator.GenerateAsync(texts, new EmbeddingGenerationOptions { ModelId = model.Id, Dimensions = request.Dimensions }, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            failure = Classify(ex, model);
        }
        finally
        {
            await MeterAsync(model, caller, reservation, startedAt, start, result, failure).ConfigureAwait(false);
        }

        if (failure is not null)
        {
            throw failure;
        }

        var data = new List<EmbeddingDto>(result!.Count);
        for (var i = 0; i < result.Count; i++)
        {
            data.Add(new EmbeddingDto { Index = i, Embedding = new EmbeddingVector(result[i].Vector, base64) });
        }

        var tokens = result.Usage?.InputTokenCount ?? 0;
        context.Response.StatusCode = StatusCodes.Status200OK;
        var response = new EmbeddingResponse { Data = data, Model = model.Key, Usage = new EmbeddingUsageDto { PromptTokens = tokens, TotalTokens = result.Usage?.TotalTokenCount ?? tokens } };
        await GatewayJson.WriteAsync(context.Response, response, GatewayJsonContext.Default.EmbeddingResponse).ConfigureAwait(false);
    }

    private static List<string> Texts(EmbeddingInput? input)
    {
        if (input is null)
        {
            throw new GatewayException(GatewayError.BadRequest("'input' is required: a string or an array of strings.", "input"));
        }

        if (input.HasTokenIds)
        {
            throw new GatewayException(GatewayError.BadRequest("'input' as token ids is not supported by the gateway: tokenizers differ between providers. Send text.", "input"));
        }

        var texts = input.Texts!;
        if (texts.Count == 0 || texts.Exists(string.IsNullOrEmpty))
        {
            throw new GatewayException(GatewayError.BadRequest("'input' must hold at least one text, and no empty text.", "input"));
        }

        return texts;
    }

    private IEmbeddingGenerator<string, Embedding<float>> Generator(ModelDescriptor model)
    {
        if (_generators.TryGetValue(model.Key, out var cached))
        {
            return cached;
        }

        try
        {
            return _generators.GetOrAdd(model.Key, _models.ProviderOf(model).GetEmbeddingGenerator(model.Id));
        }
        catch (NotSupportedException ex)
        {
            throw new GatewayException(GatewayError.BadRequest(ex.Message, "model", "model_not_supported"));
        }
    }

    /// <summary>The most the call can cost: about a token per four characters of input, rounded up, at the model's input price.</summary>
    private static decimal WorstCase(ModelDescriptor model, List<string> texts)
    {
        long chars = 0;
        foreach (var t in texts)
        {
            chars += t.Length;
        }

        var tokens = (chars / CharsPerToken) + texts.Count;
        return model.Pricing.CalculateCost(new UsageDetails { InputTokenCount = tokens });
    }

    private static LlmException Classify(Exception exception, ModelDescriptor model) => exception switch
    {
        LlmException llm => llm,
        OperationCanceledException => new LlmException(LlmErrorKind.Timeout, $"{model.Key} did not answer within the attempt timeout.", exception) { Provider = model.Provider, Model = model.Id },
        HttpRequestException http => new LlmException(LlmErrorKind.Unavailable, $"{model.Key} could not be reached: {http.Message}", http) { Provider = model.Provider, Model = model.Id },
        _ => new LlmException(LlmErrorKind.Unknown, $"{model.Key} failed: {exception.GetType().Name}: {exception.Message}", exception) { Provider = model.Provider, Model = model.Id },
    };

    /// <summary>Settles the reservation and records the attempt, succeeded, failed or cancelled (no result, no error); never loses the record to the caller's cancellation.</summary>
    private async Task MeterAsync(ModelDescriptor model, GatewayCaller caller, BudgetReservation reservation, DateTimeOffset startedAt, long start, GeneratedEmbeddings<Embedding<float>>? result, LlmException? failure)
    {
        var usage = result?.Usage;
        var cost = usage is null ? 0m : model.Pricing.CalculateCost(usage);
        try
        {
            if (!ReferenceEquals(reservation, BudgetReservation.None))
            {
                await _budgets.SettleAsync(reservation, cost, CancellationToken.None).ConfigureAwait(false);
            }

            if (_trackUsage)
            {
                await _usage.RecordAsync(
                    new UsageRecord
                    {
                        Timestamp = startedAt,
                        Provider = model.Provider,
                        Model = model.Id,
                        InputTokens = usage?.InputTokenCount ?? 0,
                        Cost = cost,
                        Duration = _time.GetElapsedTime(start),
                        Success = result is not null,
                        Error = failure?.Kind,
                        Tenant = caller.Tenant,
                        Attempt = 1,
                    },
                    CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            GatewayLog.MeteringFailed(_logger, model.Key, ex);
        }
    }
}
