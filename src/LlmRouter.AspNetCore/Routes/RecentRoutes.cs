using Microsoft.Extensions.Options;

namespace LlmRouter.AspNetCore;

/// <summary>
/// The last <see cref="LlmRouterGatewayOptions.RecentRoutes"/> chat requests with their routes and attempts, for the dashboard.
/// Adding is lock-free (one interlocked increment and one slot write); reading takes a snapshot, newest first.
/// </summary>
internal sealed class RecentRoutes
{
    private readonly RecentRouteDto?[] _slots;
    private long _next;

    public RecentRoutes(IOptions<LlmRouterGatewayOptions> options)
    {
        _slots = new RecentRouteDto?[options.Value.RecentRoutes];
    }

    /// <summary>Gets how many routes are kept.</summary>
    public int Capacity => _slots.Length;

    public void Add(RecentRouteDto route)
    {
        if (_slots.Length == 0)
        {
            return;
        }

        var index = Interlocked.Increment(ref _next) - 1;
        Volatile.Write(ref _slots[index % _slots.Length], route);
    }

    /// <summary>Lists the kept routes of one tenant (all of them for <see langword="null"/> when <paramref name="all"/>), newest first.</summary>
    public List<RecentRouteDto> Snapshot(string? tenant, bool all)
    {
        var list = new List<RecentRouteDto>();
        var next = Volatile.Read(ref _next);
        var count = Math.Min(next, _slots.Length);
        for (var i = 1; i <= count; i++)
        {
            var route = Volatile.Read(ref _slots[(next - i) % _slots.Length]);
            if (route is not null && (all || string.Equals(route.Tenant, tenant, StringComparison.Ordinal)))
            {
                list.Add(route);
            }
        }

        list.Sort(static (a, b) => b.Time.CompareTo(a.Time));
        return list;
    }
}
