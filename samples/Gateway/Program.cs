// LlmRouter gateway: an OpenAI-compatible HTTP service over the router, for any language and any OpenAI SDK.
//   dotnet run --project samples/Gateway                                   (http://127.0.0.1:5080, simulated providers without keys)
//   OPENAI_API_KEY=sk-… dotnet run --project samples/Gateway -- --urls http://0.0.0.0:8080
// Configuration is standard ASP.NET Core: appsettings.json, LlmRouter__… environment variables, command-line arguments.
using LlmRouter;
using LlmRouter.Samples.Gateway;
using LlmRouter.Testing;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

var builder = WebApplication.CreateBuilder(args);
var (simulate, configured) = ProviderMode.Decide(builder.Configuration);

var router = builder.Services.AddLlmRouter(builder.Configuration.GetSection("LlmRouter")).AddGateway();
if (simulate)
{
    // The same router, retries, failover, metering and budgets, over LlmRouter.Testing's fakes standing in for the providers.
    router.AddProvider(new FakeLlmProvider("openai"))
        .AddProvider(new FakeLlmProvider("anthropic"))
        .AddProvider(new FakeLlmProvider("gemini"))
        .AddProvider(new FakeLlmProvider("ollama", isLocal: true));
}
else
{
    ProviderMode.AddRealProviders(router);
}

// Traces and metrics over OTLP when an endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://localhost:4317):
// the router's GenAI spans and metrics (ActivitySource and Meter "LlmRouter") and ASP.NET Core's own.
if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
{
    builder.Services.AddOpenTelemetry()
        .ConfigureResource(resource => resource.AddService("llmrouter-gateway"))
        .WithTracing(tracing => tracing.AddSource(LlmRouterTelemetry.Name, "Microsoft.AspNetCore").AddOtlpExporter())
        .WithMetrics(metrics => metrics.AddMeter(LlmRouterTelemetry.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel").AddOtlpExporter());
}

var app = builder.Build();
if (simulate)
{
    app.Logger.LogWarning("Simulated providers: no provider API key is set, so the gateway answers with LlmRouter.Testing fakes for openai, anthropic, gemini and ollama (same routing, retries, metering). Set OPENAI_API_KEY (or another provider's key) for real answers.");
}
else
{
    app.Logger.LogInformation("Real providers: {Providers} (keys found in configuration or the environment), plus a local Ollama if one answers.", string.Join(", ", configured));
}

app.MapLlmRouterEndpoints();
if (app.Configuration.GetValue("LlmRouter:Gateway:Dashboard", false))
{
    app.MapLlmRouterDashboard();
}

app.Run();
