using System.CommandLine;
using LlmRouter.Cli.Hosting;
using Microsoft.Extensions.AI;

namespace LlmRouter.Cli.Commands;

/// <summary>The <c>--strategy</c> option of the routing commands, and the request options it makes.</summary>
internal static class RoutingOptions
{
    /// <summary>Creates <c>--strategy</c>.</summary>
    /// <returns>The option.</returns>
    public static Option<string?> CreateStrategy() => new("--strategy", "-s")
    {
        Description = "The routing strategy: complexity (default), cost, latency, sequential, smart, or one registered in configuration.",
        HelpName = "name",
    };

    /// <summary>Checks a strategy name against the router's strategies before anything is sent.</summary>
    /// <param name="session">The router.</param>
    /// <param name="strategy">The name, or <see langword="null"/>.</param>
    /// <returns>The name, trimmed, or <see langword="null"/>.</returns>
    /// <exception cref="CliUsageException">No strategy has that name.</exception>
    public static string? CheckStrategy(RouterSession session, string? strategy)
    {
        if (strategy is null)
        {
            return null;
        }

        var names = session.Strategies;
        var name = strategy.Trim();
        return names.Contains(name, StringComparer.OrdinalIgnoreCase)
            ? name
            : throw new CliUsageException($"Unknown strategy '{strategy}': use one of {string.Join(", ", names)}.");
    }

    /// <summary>Makes the request options: a pinned model, or routing hints naming a strategy.</summary>
    /// <param name="model">The model to pin, or <see langword="null"/> to route.</param>
    /// <param name="strategy">The strategy, or <see langword="null"/> for the configured default.</param>
    /// <returns>The options, or <see langword="null"/> when there is nothing to set.</returns>
    public static ChatOptions? Create(ModelDescriptor? model, string? strategy)
    {
        if (model is null && strategy is null)
        {
            return null;
        }

        var options = new ChatOptions { ModelId = model?.Key };
        return strategy is null ? options : options.WithRouting(new RoutingHints { Strategy = strategy });
    }
}
