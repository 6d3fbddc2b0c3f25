namespace LlmRouter.Tests.Routing;

public class RoutingHintsExtensionsTests
{
    [Fact]
    public void RoutingHintsExtensions_WithRouting_ReturnsACopyCarryingTheHints()
    {
        var original = new ChatOptions { Temperature = 0.5f, AdditionalProperties = new() { ["x"] = 1 } };
        var hints = new RoutingHints { Tenant = "acme", MaxTier = ModelTier.Balanced };

        var withHints = original.WithRouting(hints);

        Assert.NotSame(original, withHints);
        Assert.Same(hints, withHints.GetRoutingHints());
        Assert.Equal(0.5f, withHints.Temperature);
        Assert.Equal(1, withHints.AdditionalProperties!["x"]);
        Assert.False(original.AdditionalProperties.ContainsKey(RoutingHintsExtensions.PropertyKey));
        Assert.Same(RoutingHints.None, original.GetRoutingHints());
    }

    [Fact]
    public void RoutingHintsExtensions_NullOptions_GetNoneAndWithRoutingCreatesOptions()
    {
        ChatOptions? none = null;

        Assert.Same(RoutingHints.None, none.GetRoutingHints());
        Assert.Equal("t", none.WithRouting(new RoutingHints { Tenant = "t" }).GetRoutingHints().Tenant);
    }

    [Fact]
    public void RouteInfoExtensions_ResponseWithoutRouteInfo_ReturnsNull()
    {
        Assert.Null(new ChatResponse(new ChatMessage(ChatRole.Assistant, "x")).GetRouteInfo());
        Assert.Null(new ChatResponseUpdate(ChatRole.Assistant, "x").GetRouteInfo());
    }
}
