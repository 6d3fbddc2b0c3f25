using System.Diagnostics;
using System.Diagnostics.Metrics;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Telemetry;

/// <summary>Listeners see every test's activities, so these tests run alone.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

[Collection(nameof(TelemetryCollection))]
public class LlmRouterTelemetryTests
{
    [Fact]
    public async Task LlmRouterTelemetry_RoutedRequest_EmitsActivityAndGenAiMetrics()
    {
        await using var h = Create();
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == LlmRouterTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new List<(string Name, object? Value)>();
        using var meter = new MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == LlmRouterTelemetry.Name)
                {
                    l.EnableMeasurementEvents(i);
                }
            },
        };
        meter.SetMeasurementEventCallback<long>((i, v, _, _) => { lock (measurements) { measurements.Add((i.Name, v)); } });
        meter.SetMeasurementEventCallback<double>((i, v, _, _) => { lock (measurements) { measurements.Add((i.Name, v)); } });
        meter.Start();
        h.Fake(AlphaFast).EnqueueResponse("ok", new UsageDetails { InputTokenCount = 12, OutputTokenCount = 5 });

        await h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = AlphaFast.Key });

        var activity = Assert.Single(activities, a => a.Source.Name == LlmRouterTelemetry.Name);
        Assert.Equal("alpha", activity.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(AlphaFast.Key, activity.GetTagItem("llmrouter.route"));
        Assert.Contains(measurements, m => m.Name == "gen_ai.client.token.usage" && Equals(m.Value, 12L));
        Assert.Contains(measurements, m => m.Name == "gen_ai.client.operation.duration");
        Assert.Contains(measurements, m => m.Name == "llmrouter.attempts");
    }
}
