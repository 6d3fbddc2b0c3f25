using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LlmRouter;

/// <summary>The router's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>LlmRouter</c>, with OpenTelemetry GenAI names.</summary>
public static class LlmRouterTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "LlmRouter";

    /// <summary>Gets the activity source: one <c>chat</c> activity per routed request.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, typeof(LlmRouterTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Gets the meter.</summary>
    public static Meter Meter { get; } = new(Name, typeof(LlmRouterTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>The value of <c>gen_ai.operation.name</c> for the router's calls.</summary>
    internal const string ChatOperation = "chat";

    // Bucket boundaries are those the GenAI semantic conventions advise for these two histograms.
    internal static readonly Histogram<long> TokenUsage = Meter.CreateHistogram(
        "gen_ai.client.token.usage", "{token}", "Tokens used per attempt, by gen_ai.token.type (input, output).", tags: null,
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864] });

    internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram(
        "gen_ai.client.operation.duration", "s", "Duration of each attempt at a model.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] });

    internal static readonly Counter<long> Attempts = Meter.CreateCounter<long>(
        "llmrouter.attempts", "{attempt}", "Attempts at routes, by outcome (error.type).");

    internal static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>(
        "llmrouter.fallbacks", "{fallback}", "Requests served by a route other than the plan's first.");

    internal static readonly Counter<double> Cost = Meter.CreateCounter<double>(
        "llmrouter.cost", "USD", "Cost of attempts in USD.");

    internal static class Tags
    {
        public const string ProviderName = "gen_ai.provider.name";
        public const string RequestModel = "gen_ai.request.model";
        public const string ResponseModel = "gen_ai.response.model";
        public const string OperationName = "gen_ai.operation.name";
        public const string TokenType = "gen_ai.token.type";
        public const string InputTokens = "gen_ai.usage.input_tokens";
        public const string OutputTokens = "gen_ai.usage.output_tokens";
        public const string ErrorType = "error.type";
        public const string Strategy = "llmrouter.strategy";
        public const string Route = "llmrouter.route";
        public const string AttemptCount = "llmrouter.attempts";
        public const string Reason = "llmrouter.reason";
        public const string CostUsd = "llmrouter.cost";
        public const string Tenant = "llmrouter.tenant";
    }
}
