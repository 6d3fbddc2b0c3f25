using System.Collections.Concurrent;
using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace LlmRouter.Tests.Router;

/// <summary>
/// The router under faults: three providers whose calls fail at random (seeded, so the same faults come whatever the threads'
/// order) with rate limits, server errors, hangs, malformed bodies, cut and empty streams, while 32 callers send requests,
/// some cancelled. Every request must end in a response or a typed error, the usage books must match the providers' exactly,
/// and no budget may be overspent.
/// </summary>
[Collection(nameof(FaultInjectionCollection))]
public class FaultInjectionTests(ITestOutputHelper output)
{
    private const int Callers = 32;
    private const int Tenants = 8;
    private const string LeakedKey = "sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34";

    private static readonly ModelDescriptor[] Models =
    [
        RouterHarness.Model("p1", "c-fast", ModelTier.Fast, 0.5m, 1.5m, 64_000),
        RouterHarness.Model("p2", "c-mid", ModelTier.Balanced, 1m, 3m, 128_000),
        RouterHarness.Model("p3", "c-big", ModelTier.Smart, 2m, 6m, 1_000_000),
    ];

    /// <summary>Every fault, with the time-based ones, in calls per thousand: about half the calls fail. A 429 with Retry-After cools its
    /// route down, so those are rare, or every route would be cooling all the time.</summary>
    private static readonly (Fault, int)[] AllFaults =
    [
        (Fault.None, 552), (Fault.RateLimited, 80), (Fault.RateLimitedShortRetryAfter, 5), (Fault.RateLimitedLongRetryAfter, 3),
        (Fault.Unavailable, 80), (Fault.ServerError, 30), (Fault.Hang, 40), (Fault.Malformed, 40), (Fault.Cut, 70), (Fault.Empty, 30),
        (Fault.Authentication, 20), (Fault.QuotaExhausted, 20), (Fault.ContextTooLong, 20), (Fault.InvalidRequest, 10),
    ];

    /// <summary>The faults that need no clock (for 100,000 requests without advancing time): about a quarter of the calls fail.</summary>
    private static readonly (Fault, int)[] InstantFaults =
    [
        (Fault.None, 75), (Fault.RateLimited, 4), (Fault.Unavailable, 4), (Fault.ServerError, 2), (Fault.Malformed, 3), (Fault.Cut, 4),
        (Fault.Empty, 2), (Fault.Authentication, 2), (Fault.QuotaExhausted, 2), (Fault.ContextTooLong, 1), (Fault.InvalidRequest, 1),
    ];

    private static readonly string[] Texts =
    [
        "Summarise the quarterly report in three bullet points.",
        "请把这段话翻译成英文，并解释其中的成语。",
        "🚀 launch checklist 🧪✅ — what is missing? 🤔",
        "Объясни разницу между процессом и потоком.",
    ];

    [Theory]
    [InlineData(20260301UL, false)]
    [InlineData(20260302UL, true)]
    public async Task Router_ChaosUnderThirtyTwoCallers_EveryRequestEndsTypedAndTheBooksBalance(ulong seed, bool continueStreams)
    {
        const int requests = 3_200;
        const decimal tenantLimit = 0.075m;
        const decimal globalLimit = 0.55m; // under the tenants' sum: both kinds of budget are hit
        var unobserved = new ConcurrentQueue<Exception>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => unobserved.Enqueue(e.Exception);
        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            await using var rig = ChaosRig.Create(seed, AllFaults, countAttempts: true, o =>
            {
                o.ContinueOnStreamFailure = continueStreams;
                o.AttemptTimeout = TimeSpan.FromSeconds(2);
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(50);
                o.Retry.MaxDelay = TimeSpan.FromSeconds(1);
                o.Cooldown.FailureThreshold = 50; // circuits open now and then, not all the time, under this much chaos
                o.Cooldown.Window = TimeSpan.FromSeconds(1);
                o.Cooldown.Duration = TimeSpan.FromMilliseconds(500);
                o.Budgets.DailyLimit = globalLimit;
                for (var t = 0; t < Tenants; t++)
                {
                    o.Budgets.Tenants[$"t{t}"] = new TenantBudget { DailyLimit = tenantLimit };
                }
            });

            var outcomes = await rig.RunWithClockAsync(requests, seed, cancelSome: true);
            output.WriteLine(outcomes.ToString());
            output.WriteLine("errors: " + string.Join(", ", outcomes.Kinds.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}")));
            output.WriteLine("faults drawn: " + string.Join(", ", Enum.GetValues<Fault>().Select(f => $"{f} {rig.Clients.Sum(c => c.Drawn(f))}")));

            // Every request ended, in a response or a typed error, and no error carried the key a provider leaked.
            Assert.Equal(requests, outcomes.Total);
            Assert.Empty(outcomes.Unexpected);
            Assert.True(outcomes.Responses > 0 && outcomes.Failed > 0 && outcomes.OverBudget > 0 && outcomes.Cancelled > 0, outcomes.ToString());
            Assert.False(outcomes.KeyLeaked, "A provider's key reached an exception the caller got.");
            Assert.Equal(continueStreams, outcomes.Continued > 0);

            // Every fault happened.
            Assert.All(AllFaults, f => Assert.True(rig.Clients.Sum(c => c.Drawn(f.Item1)) > 0, $"{f.Item1} never happened."));

            await AssertBooksBalanceAsync(rig, tenantLimit, globalLimit);

            // Calls that hung past the attempt timeout, or that their callers cancelled, reported nothing, and were metered by estimate.
            var estimated = rig.Usage.EstimatedByOutcome();
            output.WriteLine("estimated: " + string.Join(", ", estimated.Select(e => $"{e.Key} {e.Value}")));
            Assert.True(estimated.ContainsKey(nameof(LlmErrorKind.Timeout)) && estimated.ContainsKey("cancelled"), string.Join(", ", estimated.Keys));
        }
        finally
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }

        Assert.Empty(unobserved);
    }

    [Fact]
    public async Task Router_HundredThousandRequestsUnderFaults_KeepMemoryFlatAndTheBooksBalance()
    {
        const ulong seed = 20260303;
        await using var rig = ChaosRig.Create(seed, InstantFaults, countAttempts: false, o =>
        {
            o.Retry.MaxRetries = 0; // failing over needs no clock
            o.Cooldown.Enabled = false;
            for (var t = 0; t < Tenants; t++)
            {
                o.Budgets.Tenants[$"t{t}"] = new TenantBudget { DailyLimit = 1_000_000m }; // reserved and settled on every attempt, never reached
            }
        });

        var warmUp = await rig.RunAsync(0, 10_000, seed);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var run = await rig.RunAsync(10_000, 110_000, seed);
        var after = GC.GetTotalMemory(forceFullCollection: true);

        Assert.Empty(warmUp.Unexpected);
        Assert.Empty(run.Unexpected);
        Assert.Equal(100_000, run.Total);
        Assert.True(run.Responses > 90_000 && run.Failed > 1_000, run.ToString());

        // Flat: 100,000 requests may leave a little behind (a pooled buffer grown, a dictionary resized), never a trace of each.
        var grown = after - before;
        output.WriteLine($"{run}; heap {before:N0} -> {after:N0} bytes ({grown:+#,0;-#,0;0})");
        Assert.True(grown < 4 * 1024 * 1024, $"The heap grew by {grown:N0} bytes over 100,000 requests ({grown / 100_000.0:F1} bytes a request).");
        await AssertBooksBalanceAsync(rig, null, null);
    }

    /// <summary>
    /// The router's books against the providers': every call recorded once, with the usage it reported, or an estimate only where
    /// the provider reported none yet may have worked (timed out, cancelled, cut off: never one that refused with an error);
    /// spending, estimates included, within every limit; every reservation settled.
    /// </summary>
    private static async Task AssertBooksBalanceAsync(ChaosRig rig, decimal? tenantLimit, decimal? globalLimit)
    {
        for (var i = 0; i < Models.Length; i++)
        {
            var client = rig.Clients[i];
            var books = rig.Usage.ForModel(Models[i].Key);
            Assert.True(client.Calls > 0, $"{Models[i].Key} was never called.");
            Assert.Equal(client.Calls, books.Records);
            Assert.Equal(client.Completed, books.Successful);
            Assert.Equal(client.InputTokens, books.InputTokens);
            Assert.Equal(client.OutputTokens, books.OutputTokens);
            Assert.True(books.Estimated <= client.Calls - client.Reported, $"{books.Estimated} estimated records, but only {client.Calls - client.Reported} calls reported no usage.");
        }

        var estimated = rig.Usage.EstimatedByOutcome();
        Assert.All(estimated.Keys, outcome => Assert.Contains(outcome, new[] { "cancelled", nameof(LlmErrorKind.Timeout), nameof(LlmErrorKind.StreamInterrupted) }));

        var ledger = rig.Services.GetRequiredService<IBudgetLedger>();
        var spentInAll = 0m;
        for (var t = 0; t < Tenants; t++)
        {
            var tenant = $"t{t}";
            var billed = rig.Clients.Sum(c => c.BilledByTenant.GetValueOrDefault(tenant));
            var spent = billed + rig.Usage.EstimatedCostOf(tenant);
            spentInAll += spent;
            Assert.Equal(spent, rig.Usage.CostOf(tenant));
            Assert.Equal(spent, (await ledger.GetStatusAsync(tenant)).DailySpent); // nothing still reserved
            if (tenantLimit is { } limit)
            {
                Assert.True(spent <= limit, $"Tenant {tenant} spent ${spent} (billed ${billed}, the rest estimated) against a daily limit of ${limit}.");
            }
        }

        Assert.Equal(spentInAll, (await ledger.GetStatusAsync()).DailySpent);
        if (globalLimit is { } global)
        {
            Assert.True(spentInAll <= global, $"${spentInAll} was spent against a global daily limit of ${global}.");
        }
    }

    /// <summary>How the requests of a run ended.</summary>
    private sealed class Outcomes
    {
        private int _responses;
        private int _failed;
        private int _overBudget;
        private int _cancelled;
        private int _keyLeaked;
        private int _continued;

        public int Responses => _responses;

        public int Continued => _continued;

        public int Failed => _failed;

        public int OverBudget => _overBudget;

        public int Cancelled => _cancelled;

        public bool KeyLeaked => _keyLeaked > 0;

        public ConcurrentQueue<Exception> Unexpected { get; } = new();

        /// <summary>Gets how many requests failed with each error type and kind.</summary>
        public ConcurrentDictionary<string, int> Kinds { get; } = new(StringComparer.Ordinal);

        public int Total => _responses + _failed + _overBudget + _cancelled + Unexpected.Count;

        public void Response() => Interlocked.Increment(ref _responses);

        public void Continuation() => Interlocked.Increment(ref _continued);

        public void Error(Exception ex)
        {
            if (ex.ToString().Contains(LeakedKey, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _keyLeaked);
            }

            switch (ex)
            {
                case BudgetExceededException:
                    Interlocked.Increment(ref _overBudget);
                    break;
                case LlmException error: // AllRoutesFailedException included
                    Interlocked.Increment(ref _failed);
                    Kinds.AddOrUpdate($"{error.GetType().Name}({error.Kind})", 1, static (_, n) => n + 1);
                    break;
                case OperationCanceledException:
                    Interlocked.Increment(ref _cancelled);
                    break;
                default:
                    Unexpected.Enqueue(ex);
                    break;
            }
        }

        public override string ToString() =>
            $"{_responses} responses ({_continued} streams continued), {_failed} failed, {_overBudget} over budget, {_cancelled} cancelled, {Unexpected.Count} unexpected";
    }

    /// <summary>A router over the three chaotic providers, on a fake clock, with books that keep no records.</summary>
    private sealed class ChaosRig : IAsyncDisposable
    {
        private ChaosRig(ServiceProvider services, FakeTimeProvider time, ChaosChatClient[] clients, CountingUsageStore usage)
        {
            Services = services;
            Time = time;
            Clients = clients;
            Usage = usage;
        }

        public ServiceProvider Services { get; }

        public FakeTimeProvider Time { get; }

        public ChaosChatClient[] Clients { get; }

        public CountingUsageStore Usage { get; }

        public static ChaosRig Create(ulong seed, (Fault, int)[] faults, bool countAttempts, Action<LlmRouterOptions> configure)
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
            var clients = Models.Select((m, i) => new ChaosChatClient(m, seed + (ulong)i, faults, time, countAttempts)).ToArray();
            var usage = new CountingUsageStore();
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(time);
            var builder = services.AddLlmRouter(o =>
            {
                o.Retry.UseJitter = false;
                foreach (var m in Models)
                {
                    o.AdditionalModels.Add(m);
                    o.FallbackChain.Add(m.Key);
                }

                configure(o);
            });
            for (var i = 0; i < Models.Length; i++)
            {
                var client = clients[i];
                builder.AddProvider(new DelegateProvider(Models[i].Provider, _ => client));
            }

            services.AddSingleton<IUsageStore>(usage);
            return new ChaosRig(services.BuildServiceProvider(), time, clients, usage);
        }

        /// <summary>Sends requests [<paramref name="from"/>, <paramref name="to"/>) from 32 callers without moving the clock.</summary>
        public async Task<Outcomes> RunAsync(int from, int to, ulong seed)
        {
            var outcomes = new Outcomes();
            var next = from - 1;
            var router = Services.GetRequiredService<IChatClient>();
            var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
            {
                for (var id = Interlocked.Increment(ref next); id < to; id = Interlocked.Increment(ref next))
                {
                    await SendAsync(router, id, seed, cancelSome: false, outcomes);
                }
            })).ToArray();
            await Task.WhenAll(callers);
            return outcomes;
        }

        /// <summary>Sends requests from 32 callers while the fake clock moves on (half a second a step), so that hangs time out, retries wait
        /// and cooldowns end; fails if they have not all ended within a minute of real time.</summary>
        public async Task<Outcomes> RunWithClockAsync(int requests, ulong seed, bool cancelSome)
        {
            var outcomes = new Outcomes();
            var next = -1;
            var router = Services.GetRequiredService<IChatClient>();
            var callers = Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
            {
                for (var id = Interlocked.Increment(ref next); id < requests; id = Interlocked.Increment(ref next))
                {
                    await SendAsync(router, id, seed, cancelSome, outcomes);
                }
            })));

            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (!callers.IsCompleted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(1);
                Time.Advance(TimeSpan.FromMilliseconds(500));
            }

            Assert.True(callers.IsCompleted, $"The requests had not all ended after a minute: {outcomes}.");
            await callers;
            return outcomes;
        }

        public ValueTask DisposeAsync() => Services.DisposeAsync();

        private async Task SendAsync(IChatClient router, int id, ulong seed, bool cancelSome, Outcomes outcomes)
        {
            var draw = new Random(unchecked((int)seed) ^ (id * 7919));
            var tenant = $"t{id % Tenants}";
            var messages = new List<ChatMessage> { new(ChatRole.User, $"{ChaosChatClient.Tag(tenant, id)} {Texts[draw.Next(Texts.Length)]}") };
            var options = new ChatOptions { ModelId = Models[draw.Next(Models.Length)].Key, MaxOutputTokens = 16 + draw.Next(48) }
                .WithRouting(new RoutingHints { Tenant = tenant });
            var streaming = draw.Next(2) == 0;
            using var cancellation = cancelSome && draw.Next(10) == 0
                ? new CancellationTokenSource(TimeSpan.FromMilliseconds(draw.Next(1, 2_500)), Time)
                : null;
            var token = cancellation?.Token ?? CancellationToken.None;
            try
            {
                if (streaming)
                {
                    var updates = new List<ChatResponseUpdate>();
                    await foreach (var update in router.GetStreamingResponseAsync(messages, options, token))
                    {
                        updates.Add(update);
                        if (update.AdditionalProperties?.ContainsKey(RouteInfoExtensions.ContinuationPropertyKey) == true)
                        {
                            outcomes.Continuation();
                        }
                    }

                    Check(updates.ToChatResponse());
                }
                else
                {
                    Check(await router.GetResponseAsync(messages, options, token));
                }

                outcomes.Response();
            }
#pragma warning disable CA1031 // every exception is sorted: typed ones are expected, others fail the test
            catch (Exception ex)
#pragma warning restore CA1031
            {
                outcomes.Error(ex);
            }

            void Check(ChatResponse response)
            {
                if (string.IsNullOrEmpty(response.Text) || response.GetRouteInfo() is null)
                {
                    outcomes.Unexpected.Enqueue(new InvalidOperationException($"Request {id} ended in an empty response or one without its route."));
                }
            }
        }
    }
}
