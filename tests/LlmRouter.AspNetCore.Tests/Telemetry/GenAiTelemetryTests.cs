using System.Diagnostics;
using System.Net;
using LlmRouter.AspNetCore.Tests.TestSupport;
using LlmRouter.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static LlmRouter.AspNetCore.Tests.TestSupport.Json;

namespace LlmRouter.AspNetCore.Tests.Telemetry;

/// <summary>OpenTelemetry listens to every test's activities and measurements, so these run alone.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>The router's spans and metrics, collected by OpenTelemetry's in-memory exporter, follow the GenAI semantic conventions.</summary>
[Collection(nameof(TelemetryCollection))]
public class GenAiTelemetryTests
{
    // A model no other test routes to, so that measurements can be told apart.
    private const string Model = "gpt-4.1-nano";

    [Fact]
    public async Task Spans_AreGenAiChatSpans_ChildOfTheHttpServerSpan()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(LlmRouterTelemetry.Name).AddSource("Microsoft.AspNetCore").AddInMemoryExporter(spans).Build();
        var openai = new FakeLlmProvider("openai");
        openai.ForModel(Model).EnqueueResponse("ok", new UsageDetails { InputTokenCount = 42, OutputTokenCount = 7 });
        openai.ForModel("gpt-4o-mini").AlwaysFail(LlmErrorKind.Unavailable);
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai), withKeys: true);
        var traceId = ActivityTraceId.CreateRandom();
        var failedTraceId = ActivityTraceId.CreateRandom();

        var (ok, _) = await Send(gw, traceId, $$"""{"model":"openai/{{Model}}","messages":[{"role":"user","content":"Hi"}]}""");
        var (failed, _) = await Send(gw, failedTraceId, """{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}""");
        tracing.ForceFlush();

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var server = Assert.Single(spans, s => s.TraceId == traceId && s.Source.Name == "Microsoft.AspNetCore");
        var chat = Assert.Single(spans, s => s.TraceId == traceId && s.Source.Name == LlmRouterTelemetry.Name);
        Assert.Equal(server.SpanId, chat.ParentSpanId);
        Assert.Equal(ActivityKind.Client, chat.Kind);
        Assert.Equal($"chat openai/{Model}", chat.DisplayName);
        Assert.Equal("chat", chat.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("openai", chat.GetTagItem("gen_ai.provider.name"));
        Assert.Equal($"openai/{Model}", chat.GetTagItem("gen_ai.request.model"));
        Assert.Equal(Model, chat.GetTagItem("gen_ai.response.model"));
        Assert.Equal(42L, chat.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(7L, chat.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal("acme", chat.GetTagItem("llmrouter.tenant"));
        Assert.DoesNotContain(chat.TagObjects, t => t.Value is string v && v.Contains("Hi", StringComparison.Ordinal) && t.Key != "llmrouter.reason");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        var failedChat = Assert.Single(spans, s => s.TraceId == failedTraceId && s.Source.Name == LlmRouterTelemetry.Name);
        Assert.Equal(ActivityStatusCode.Error, failedChat.Status);
        Assert.Equal("Unavailable", failedChat.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Metrics_TokenUsageAndDuration_CarryTheRequiredGenAiAttributes_AndAdvisedBuckets()
    {
        var metrics = new List<Metric>();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(LlmRouterTelemetry.Name).AddInMemoryExporter(metrics).Build();
        var openai = new FakeLlmProvider("openai");
        openai.ForModel(Model).EnqueueResponse("ok", new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 20 }).EnqueueFailure(LlmErrorKind.RateLimited);
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));
        var body = $$"""{"model":"openai/{{Model}}","messages":[{"role":"user","content":"Hi"}]}""";

        await PostAsync(gw.Client(), "v1/chat/completions", body);
        await PostAsync(gw.Client(), "v1/chat/completions", body);
        meters.ForceFlush();

        var tokens = Points(metrics, "gen_ai.client.token.usage");
        Assert.Equal("{token}", metrics.Last(m => m.Name == "gen_ai.client.token.usage").Unit);
        var input = Assert.Single(tokens, p => Tag(p, "gen_ai.token.type") == "input");
        Assert.Equal(1000, input.GetHistogramSum());
        Assert.Equal(1, input.GetHistogramCount());
        Assert.Equal("chat", Tag(input, "gen_ai.operation.name"));
        Assert.Equal("openai", Tag(input, "gen_ai.provider.name"));
        var bounds = new List<double>();
        foreach (var bucket in input.GetHistogramBuckets())
        {
            bounds.Add(bucket.ExplicitBound);
        }

        Assert.Equal([1, 4, 16, 64, 256, 1024], bounds.Take(6));
        Assert.Equal(20, Assert.Single(tokens, p => Tag(p, "gen_ai.token.type") == "output").GetHistogramSum());

        var durations = Points(metrics, "gen_ai.client.operation.duration");
        Assert.Equal("s", metrics.Last(m => m.Name == "gen_ai.client.operation.duration").Unit);
        Assert.Contains(durations, p => Tag(p, "error.type") is null && Tag(p, "gen_ai.operation.name") == "chat");
        Assert.Contains(durations, p => Tag(p, "error.type") == "RateLimited" && Tag(p, "gen_ai.provider.name") == "openai");
    }

    private static async Task<(HttpResponseMessage, string)> Send(GatewayHost gw, ActivityTraceId traceId, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Body(json) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await gw.Client(GatewayHost.AcmeKey).SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static List<MetricPoint> Points(List<Metric> metrics, string name)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (Tag(point, "gen_ai.request.model") == Model)
                {
                    points.Add(point);
                }
            }
        }

        return points;
    }

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }
}
