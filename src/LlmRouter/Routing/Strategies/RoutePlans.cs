using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace LlmRouter;

/// <summary>Helpers the built-in strategies share.</summary>
internal static class RoutePlans
{
    /// <summary>Gets the plan for a request without candidates: no models, and a reason that says so.</summary>
    /// <param name="strategy">The strategy's name.</param>
    /// <returns>An empty plan.</returns>
    public static RoutePlan NoCandidates(string strategy) => new([], strategy, $"{strategy}: no candidate models");

    /// <summary>Rents a buffer for ranking <paramref name="count"/> candidates; give it back with <see cref="Return"/>.</summary>
    public static RankedModel[] Rent(int count) => ArrayPool<RankedModel>.Shared.Rent(count);

    /// <summary>Returns a rented buffer, clearing its references.</summary>
    public static void Return(RankedModel[] buffer) => ArrayPool<RankedModel>.Shared.Return(buffer, clearArray: true);

    /// <summary>Sorts the ranked models and copies them, in order, into a new array.</summary>
    public static ModelDescriptor[] SortToArray(Span<RankedModel> ranked)
    {
        ranked.Sort();
        var models = new ModelDescriptor[ranked.Length];
        for (var i = 0; i < ranked.Length; i++)
        {
            models[i] = ranked[i].Model;
        }

        return models;
    }

    /// <summary>Starts a reason string, formatted with the invariant culture.</summary>
    public static DefaultInterpolatedStringHandler Reason(Span<char> scratch) =>
        new(0, 0, CultureInfo.InvariantCulture, scratch);

    /// <summary>Appends a USD amount: <c>$0.00042</c>.</summary>
    public static void AppendUsd(ref DefaultInterpolatedStringHandler reason, decimal amount)
    {
        reason.AppendLiteral("$");
        reason.AppendFormatted(amount, "0.########");
    }

    /// <summary>Appends a model's key without allocating it.</summary>
    public static void AppendKey(ref DefaultInterpolatedStringHandler reason, ModelDescriptor model)
    {
        reason.AppendLiteral(model.Provider);
        reason.AppendLiteral("/");
        reason.AppendLiteral(model.Id);
    }
}
