using LlmRouter;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Replaces how the router counts tokens (<see cref="ITokenCounter"/>) in the router registered by <c>AddLlmRouter()</c>.</summary>
public static class LlmRouterBuilderTokenCounterExtensions
{
    /// <summary>
    /// Counts tokens with <paramref name="counter"/> instead of the <see cref="HeuristicTokenCounter"/>: for context-window checks,
    /// routing and context trimming (budgets reserve an upper bound of their own). Calling it again replaces the counter.
    /// </summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="counter">The counter; thread-safe, and called on every request.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder UseTokenCounter(this ILlmRouterBuilder builder, ITokenCounter counter)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(counter);
        builder.Services.RemoveAll<ITokenCounter>();
        builder.Services.AddSingleton(counter);
        return builder;
    }

    /// <summary>Counts tokens with a <typeparamref name="TCounter"/> created by the container (a singleton), as <see cref="UseTokenCounter(ILlmRouterBuilder, ITokenCounter)"/>.</summary>
    /// <typeparam name="TCounter">The counter type.</typeparam>
    /// <param name="builder">The router builder.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder UseTokenCounter<TCounter>(this ILlmRouterBuilder builder)
        where TCounter : class, ITokenCounter
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<ITokenCounter>();
        builder.Services.AddSingleton<ITokenCounter, TCounter>();
        return builder;
    }
}
