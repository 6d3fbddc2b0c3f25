using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>A request on one route: the request, the route, and the options the route's client gets (a clone naming the route's model).</summary>
/// <param name="Request">The request.</param>
/// <param name="Route">The route.</param>
/// <param name="Options">The caller's options cloned for this route: <see cref="ChatOptions.ModelId"/> is the route's model id and the routing hints are gone.</param>
internal readonly record struct RouteCall(RoutedRequest Request, Route Route, ChatOptions Options)
{
    /// <summary>Makes the call of a request on a route; the caller's options are cloned, never changed.</summary>
    public static RouteCall Create(in RoutedRequest request, Route route) => new(request, route, CreateOptions(request.Options, route.Model));

    private static ChatOptions CreateOptions(ChatOptions? options, ModelDescriptor model)
    {
        if (options is null)
        {
            return new ChatOptions { ModelId = model.Id };
        }

        var clone = options.Clone();
        clone.ModelId = model.Id;
        if (clone.AdditionalProperties is { } props && props.ContainsKey(RoutingHintsExtensions.PropertyKey))
        {
            var copy = new AdditionalPropertiesDictionary(props);
            copy.Remove(RoutingHintsExtensions.PropertyKey);
            clone.AdditionalProperties = copy.Count == 0 ? null : copy;
        }

        return clone;
    }
}
