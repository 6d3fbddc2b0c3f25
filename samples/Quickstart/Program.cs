// LlmRouter Quickstart: routing decisions, a retry, a fallback, a stream and a cost table.
// Uses the real providers it finds in the environment (API keys, a running Ollama); with none, it runs the same code
// against LlmRouter.Testing's simulated providers, which go through exactly the same router, retry, fallback and metering.
using System.Globalization;
using LlmRouter;
using LlmRouter.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// Real providers first: every package registers; those without a key (or a running server) stay unconfigured.
var realServices = new ServiceCollection();
realServices.AddLlmRouter(o => o.Retry.BaseDelay = TimeSpan.FromMilliseconds(200))
    .AddOpenAI().AddAnthropic().AddGemini().AddGroq().AddDeepSeek().AddMistral().AddOpenRouter()
    .AddOllama(o => o.HealthCheckTimeout = TimeSpan.FromSeconds(1));
await using var realProvider = realServices.BuildServiceProvider();
var statuses = await realProvider.GetRequiredService<ILlmRouter>().GetProvidersAsync();
var live = statuses.Where(p => p.IsConfigured && p.IsHealthy).Select(p => p.Name).ToArray();
var unreachable = statuses.Where(p => p.IsConfigured && !p.IsHealthy && !p.IsLocal).Select(p => p.Name).ToArray();
var simulated = live.Length == 0;
Console.WriteLine(simulated
    ? "Simulated providers: no provider with an API key or a running Ollama answered, so this run uses LlmRouter.Testing fakes (same routing, retry, fallback and cost code)."
    : $"Real providers: {string.Join(", ", live)} (found in the environment). The retry and fallback demos below run on simulated providers only.");
if (unreachable.Length > 0)
{
    Console.WriteLine($"(keys found but not answering: {string.Join(", ", unreachable)})");
}

var openai = new FakeLlmProvider("openai");
var anthropic = new FakeLlmProvider("anthropic");
var ollama = new FakeLlmProvider("ollama", isLocal: true);
foreach (var (provider, latency) in new[] { (openai, 40), (anthropic, 60), (ollama, 15) })
{
    foreach (var model in new[] { "gpt-4.1-nano", "gpt-4o-mini", "gpt-4.1", "claude-haiku-4-5", "claude-sonnet-4-6", "claude-opus-4-8", "llama3.2" })
    {
        provider.ForModel(model).Latency = TimeSpan.FromMilliseconds(latency);
    }
}

var services = new ServiceCollection();
services.AddLlmRouter(o =>
    {
        o.Strategy = "complexity";
        o.Models = ["openai/gpt-4.1-nano", "openai/gpt-4o-mini", "openai/gpt-4.1", "anthropic/claude-haiku-4-5", "anthropic/claude-sonnet-4-6", "anthropic/claude-opus-4-8", "ollama/llama3.2"];
        o.FallbackChain.Add("openai/gpt-4.1");
        o.Retry.BaseDelay = TimeSpan.FromMilliseconds(200);
    })
    .AddProvider(openai)
    .AddProvider(anthropic)
    .AddProvider(ollama);
await using var simulatedProvider = services.BuildServiceProvider();
var sp = simulated ? (IServiceProvider)simulatedProvider : realProvider;
var chat = sp.GetRequiredService<IChatClient>();
var router = sp.GetRequiredService<ILlmRouter>();
var simulatedChat = simulatedProvider.GetRequiredService<IChatClient>();

Section("1. Routing decisions (strategy: complexity)");
string[] prompts =
[
    "Hi! What's the capital of France?",
    "Summarise this paragraph in two sentences: routers pick a model per request so that easy prompts stay cheap.",
    "Write a C# method that parses ISO-8601 durations, with unit tests:\n```csharp\npublic static TimeSpan Parse(string s) { throw new NotImplementedException(); }\n```",
    "Prove step by step that the square root of 2 is irrational, then derive a bound on the error of Newton's method after n iterations and explain why it converges quadratically.",
];
Console.WriteLine($"{"prompt",-44} {"model",-30} {"cost",12}  reason");
foreach (var prompt in prompts)
{
    var response = await chat.GetResponseAsync(prompt);
    var info = response.GetRouteInfo()!;
    Console.WriteLine($"{Truncate(prompt, 44),-44} {info.Provider + "/" + info.Model,-30} {info.Cost,12:0.000000}  {info.Reason}");
}

Section("2. A retry: openai/gpt-4o-mini answers 429 (Retry-After 0.5 s) once");
openai.ForModel("gpt-4o-mini").EnqueueFailure(LlmErrorKind.RateLimited, retryAfter: TimeSpan.FromMilliseconds(500));
PrintAttempts(await simulatedChat.GetResponseAsync("Name three prime numbers.", new ChatOptions { ModelId = "openai/gpt-4o-mini" }));

Section("3. A fallback: anthropic/claude-sonnet-4-6 is down (503 on every try)");
anthropic.ForModel("claude-sonnet-4-6").AlwaysFail(LlmErrorKind.Unavailable);
PrintAttempts(await simulatedChat.GetResponseAsync("Review this design for race conditions.", new ChatOptions { ModelId = "claude-sonnet-4-6" }));

Section("4. Streaming, routed and metered the same way");
var updates = new List<ChatResponseUpdate>();
await foreach (var update in chat.GetStreamingResponseAsync("Tell me a fun fact about otters.", simulated ? new ChatOptions { ModelId = "ollama/llama3.2" } : null))
{
    Console.Write(update.Text);
    updates.Add(update);
}

var streamed = updates.ToChatResponse().GetRouteInfo()!;
Console.WriteLine();
Console.WriteLine($"→ {streamed.Provider}/{streamed.Model}, {streamed.Attempts.Count} attempt(s), cost ${streamed.Cost:0.000000}");

Section("5. Explain a route without sending it");
var plan = await router.PlanAsync([new ChatMessage(ChatRole.User, "Translate 'good morning' into Spanish.")]);
Console.WriteLine($"{plan.Strategy}: {plan.Reason}");
Console.WriteLine($"order: {string.Join(" → ", plan.Models.Select(m => m.Key))}");

Section("6. Cost table (every attempt, failed ones included)");
var usage = await sp.GetRequiredService<IUsageTracker>().GetSummaryAsync();
if (!simulated)
{
    Console.WriteLine("(real providers; the simulated retry and fallback demos are metered separately)");
}

Console.WriteLine($"{"model",-30} {"requests",8} {"input",8} {"output",8} {"cost USD",12}");
foreach (var (model, totals) in usage.ByModel.OrderByDescending(kv => kv.Value.Cost))
{
    Console.WriteLine($"{model,-30} {totals.Requests,8} {totals.InputTokens,8} {totals.OutputTokens,8} {totals.Cost,12:0.000000}");
}

Console.WriteLine($"{"total",-30} {usage.Requests,8} {usage.InputTokens,8} {usage.OutputTokens,8} {usage.Cost,12:0.000000}");
Console.WriteLine($"{usage.Successful} succeeded, {usage.Failed} failed, average latency {usage.AverageLatency.TotalMilliseconds:0} ms");

static void Section(string title)
{
    Console.WriteLine();
    Console.WriteLine(title);
    Console.WriteLine(new string('-', title.Length));
}

static string Truncate(string text, int max)
{
    var oneLine = text.ReplaceLineEndings(" ");
    return oneLine.Length <= max ? oneLine : oneLine[..(max - 1)] + "…";
}

static void PrintAttempts(ChatResponse response)
{
    var info = response.GetRouteInfo()!;
    foreach (var a in info.Attempts)
    {
        Console.WriteLine($"  {a.Provider + "/" + a.Model,-30} {a.Duration.TotalMilliseconds,6:0} ms  {(a.Error is null ? "ok" : a.Error.ToString())}");
    }

    Console.WriteLine($"→ answered by {info.Provider}/{info.Model}: \"{Truncate(response.Text, 60)}\"");
}
