using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>Reads how a response was routed.</summary>
public static class RouteInfoExtensions
{
    /// <summary>The <see cref="AdditionalPropertiesDictionary"/> key the <see cref="RouteInfo"/> is stored under.</summary>
    public const string PropertyKey = "llmrouter.route";

    /// <summary>
    /// The <see cref="AdditionalPropertiesDictionary"/> key of the update that marks where a broken stream was continued on another
    /// route (<see cref="LlmRouterOptions.ContinueOnStreamFailure"/>); its value is the key (<c>provider/model</c>) of the route switched to.
    /// The update carries no content: the updates before it came from the broken route, those after it from the new one.
    /// </summary>
    public const string ContinuationPropertyKey = "llmrouter.continuation";

    /// <summary>
    /// The key under which a stream's first update (an empty one the router adds) names the model that is answering (a <see cref="ModelDescriptor"/>), so
    /// that a caller can say so before the stream ends (an HTTP gateway's response headers, say); the full
    /// <see cref="RouteInfo"/>, cost included, still comes on the last update.
    /// </summary>
    public const string StreamModelPropertyKey = "llmrouter.stream.model";

    /// <summary>Gets how a response was routed: provider, model, strategy, reason, cost and every attempt.</summary>
    /// <param name="response">A response from the router, or one built with <c>ToChatResponse()</c> from the router's stream.</param>
    /// <returns>The route info, or <see langword="null"/> when the response did not come through the router.</returns>
    public static RouteInfo? GetRouteInfo(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (Find(response.AdditionalProperties) is { } info)
        {
            return info;
        }

        // Streams carry it on their last update, which ToChatResponse() folds into the last message.
        for (var i = response.Messages.Count - 1; i >= 0; i--)
        {
            if (Find(response.Messages[i].AdditionalProperties) is { } fromMessage)
            {
                return fromMessage;
            }
        }

        return null;
    }

    /// <summary>Gets the route info carried by a streamed update (the router's last update carries it).</summary>
    /// <param name="update">The update.</param>
    /// <returns>The route info, or <see langword="null"/>.</returns>
    public static RouteInfo? GetRouteInfo(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return Find(update.AdditionalProperties);
    }

    /// <summary>Gets the model a stream's first update says is answering, or <see langword="null"/> on any other update.</summary>
    /// <param name="update">An update of a routed stream.</param>
    /// <returns>The model, or <see langword="null"/>.</returns>
    public static ModelDescriptor? GetStreamModel(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties is { } properties && properties.TryGetValue(StreamModelPropertyKey, out var value) ? value as ModelDescriptor : null;
    }

    private static RouteInfo? Find(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(PropertyKey, out var value) ? value as RouteInfo : null;
}
