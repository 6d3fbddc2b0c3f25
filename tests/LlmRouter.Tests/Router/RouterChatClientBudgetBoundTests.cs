using System.Text;
using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Tests.Router;

/// <summary>Budgets hold whatever the text: a reservation is an upper bound of what the provider can bill, in any script.</summary>
public class RouterChatClientBudgetBoundTests
{
    private static readonly ModelDescriptor Gamma = RouterHarness.Model("gamma", "g-any", ModelTier.Balanced, 1m, 2m, 128_000);

    /// <summary>Chinese, emoji and mixed scripts: about one token a character at best, one a UTF-8 byte at worst.</summary>
    private static readonly string[] Prompts =
    [
        string.Concat(Enumerable.Repeat("路由器在高并发下不能超出每日预算。", 25)),
        string.Concat(Enumerable.Repeat("🚀🔥🧠", 70)),
        string.Concat(Enumerable.Repeat("预算 🙂 бюджет ميزانية ", 30)),
    ];

    [Fact]
    public async Task RouterChatClient_SixtyFourCallersWithNonLatinPrompts_NeverOverspendTheDailyLimit()
    {
        const decimal limit = 0.05m;
        var billed = new BillingLedger();
        var client = new DelegateChatClient
        {
            Respond = async (messages, options, _) =>
            {
                await Task.Yield(); // others reserve while this one is in flight
                var usage = billed.Bill(messages, options);
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, "好的")) { Usage = usage };
            },
        };
        await using var h = RouterHarness.Create(
            o =>
            {
                o.AdditionalModels.Add(Gamma);
                o.Budgets.DailyLimit = limit;
            },
            s => s.AddSingleton<ILlmProvider>(new DelegateProvider("gamma", _ => client)));
        var router = h.Client;
        var succeeded = 0;

        var callers = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            var messages = new List<ChatMessage> { new(ChatRole.System, "请用中文回答。"), new(ChatRole.User, Prompts[i % Prompts.Length]) };
            var options = new ChatOptions { ModelId = Gamma.Key, MaxOutputTokens = 64 };
            for (var n = 0; n < 1_000; n++)
            {
                try
                {
                    await router.GetResponseAsync(messages, options);
                    Interlocked.Increment(ref succeeded);
                }
                catch (BudgetExceededException)
                {
                    return;
                }
            }
        })).ToArray();
        await Task.WhenAll(callers);

        var status = await h.Services.GetRequiredService<IBudgetLedger>().GetStatusAsync();
        Assert.True(billed.Total <= limit, $"The provider billed ${billed.Total} against a daily limit of ${limit}.");
        Assert.True(status.DailySpent <= limit, $"The ledger counts ${status.DailySpent} against a daily limit of ${limit}.");
        Assert.Equal(billed.Total, status.DailySpent);
        Assert.True(succeeded >= 10, $"Only {succeeded} requests fitted in the budget.");
        Assert.Equal(succeeded, client.CallCount);
    }

    /// <summary>What a provider with the worst tokenizer bills: a token per UTF-8 byte, four per message, three to prime the answer, and the whole output limit.</summary>
    private sealed class BillingLedger
    {
        private readonly Lock _gate = new();

        public decimal Total { get; private set; }

        public UsageDetails Bill(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
        {
            long input = 3;
            foreach (var m in messages)
            {
                input += 4 + Encoding.UTF8.GetByteCount(m.Text);
            }

            long output = options?.MaxOutputTokens ?? 0;
            var usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
            lock (_gate)
            {
                Total += Gamma.Pricing.CalculateCost(usage);
            }

            return usage;
        }
    }
}
