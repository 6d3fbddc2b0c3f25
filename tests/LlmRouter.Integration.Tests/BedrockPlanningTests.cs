using LlmRouter;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Integration.Tests;

/// <summary>The router plans only the Bedrock models the package serves (Claude), never Nova, Llama or Titan.</summary>
public class BedrockPlanningTests
{
    [Fact]
    public async Task Router_WithBedrock_NeverPlansModelsBedrockDoesNotSupport()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter(o => o.Models = ModelCatalog.Default.Models.Where(m => m.Provider == "bedrock").Select(m => m.Key).ToList())
            .AddBedrock(b =>
            {
                b.Region = "us-east-1";
                b.ApiKey = "bedrock-api-key-for-tests";
            });
        await using var sp = services.BuildServiceProvider();
        var router = sp.GetRequiredService<ILlmRouter>();
        var cheapestFirst = new ChatOptions().WithRouting(new RoutingHints { Strategy = "cost" });

        var plan = await router.PlanAsync([new ChatMessage(ChatRole.User, "hi")], cheapestFirst);

        Assert.NotEmpty(plan.Models);
        Assert.All(plan.Models, m => Assert.StartsWith("anthropic.", m.Id, StringComparison.Ordinal));
        Assert.Contains(ModelCatalog.Default.Models, m => m.Provider == "bedrock" && !m.Id.StartsWith("anthropic.", StringComparison.Ordinal));
    }
}
