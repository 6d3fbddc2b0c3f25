namespace LlmRouter.AspNetCore.Tests.Routes;

public class RecentRoutesTests
{
    private static RecentRoutes Create(int capacity) =>
        new(Microsoft.Extensions.Options.Options.Create(new LlmRouterGatewayOptions { RecentRoutes = capacity }));

    private static RecentRouteDto Route(int n, string? tenant) => new()
    {
        Time = new DateTimeOffset(2026, 12, 1, 0, 0, n, TimeSpan.Zero),
        Tenant = tenant,
        Requested = "m" + n,
        Attempts = [],
    };

    [Fact]
    public void Snapshot_KeepsTheNewestNewestFirst_WhenTheRingWraps()
    {
        var recent = Create(3);
        for (var i = 1; i <= 5; i++)
        {
            recent.Add(Route(i, "acme"));
        }

        Assert.Equal(["m5", "m4", "m3"], recent.Snapshot("acme", all: false).Select(r => r.Requested));
    }

    [Fact]
    public void Snapshot_ShowsOneTenantsRoutes_OrEveryone()
    {
        var recent = Create(10);
        recent.Add(Route(1, "acme"));
        recent.Add(Route(2, "globex"));
        recent.Add(Route(3, null));

        Assert.Equal(["m1"], recent.Snapshot("acme", all: false).Select(r => r.Requested));
        Assert.Equal(3, recent.Snapshot(null, all: true).Count);
    }

    [Fact]
    public void Add_WithNoCapacity_KeepsNothing()
    {
        var recent = Create(0);
        recent.Add(Route(1, "acme"));

        Assert.Empty(recent.Snapshot(null, all: true));
    }
}
