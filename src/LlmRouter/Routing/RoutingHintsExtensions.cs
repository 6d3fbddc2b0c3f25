using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>Attaches <see cref="RoutingHints"/> to <see cref="ChatOptions"/>.</summary>
public static class RoutingHintsExtensions
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key the hints are stored under.</summary>
    public const string PropertyKey = "llmrouter.hints";

    /// <summary>Returns a copy of <paramref name="options"/> carrying <paramref name="hints"/>; the original is not changed.</summary>
    /// <param name="options">The options, or <see langword="null"/> for new ones.</param>
    /// <param name="hints">The hints.</param>
    /// <returns>New options with the hints.</returns>
    public static ChatOptions WithRouting(this ChatOptions? options, RoutingHints hints)
    {
        ArgumentNullException.ThrowIfNull(hints);
        var clone = options?.Clone() ?? new ChatOptions();
        clone.AdditionalProperties = clone.AdditionalProperties is null ? [] : new AdditionalPropertiesDictionary(clone.AdditionalProperties);
        clone.AdditionalProperties[PropertyKey] = hints;
        return clone;
    }

    /// <summary>Gets the hints attached to <paramref name="options"/>.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The hints, or <see cref="RoutingHints.None"/>.</returns>
    public static RoutingHints GetRoutingHints(this ChatOptions? options) =>
        options?.AdditionalProperties is { } props && props.TryGetValue(PropertyKey, out var value) && value is RoutingHints hints
            ? hints
            : RoutingHints.None;
}
