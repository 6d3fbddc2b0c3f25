using System.Diagnostics;

namespace LlmRouter;

/// <summary>The <c>chat</c> span of one routed request (only when someone listens to <see cref="LlmRouterTelemetry.ActivitySource"/>).</summary>
internal static class RequestActivity
{
    /// <summary>Starts the span with the plan's strategy, first model, reason and tenant; <see langword="null"/> when nobody listens.</summary>
    public static Activity? Start(in RoutedRequest request)
    {
        if (!LlmRouterTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = LlmRouterTelemetry.ActivitySource.StartActivity("chat", ActivityKind.Client);
        if (activity is not null)
        {
            var plan = request.Plan;
            activity.SetTag(LlmRouterTelemetry.Tags.OperationName, "chat");
            activity.SetTag(LlmRouterTelemetry.Tags.Strategy, plan.Strategy);
            activity.SetTag(LlmRouterTelemetry.Tags.RequestModel, plan.Models.Count > 0 ? plan.Models[0].Key : null);
            activity.SetTag(LlmRouterTelemetry.Tags.Reason, plan.Reason);
            if (request.Hints.Tenant is { } tenant)
            {
                activity.SetTag(LlmRouterTelemetry.Tags.Tenant, tenant);
            }
        }

        return activity;
    }

    /// <summary>Tags the span with the route that answered, the attempts and the total cost.</summary>
    public static void Succeeded(Activity? activity, ModelDescriptor model, int attempts, decimal totalCost)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(LlmRouterTelemetry.Tags.ProviderName, model.Provider);
        activity.SetTag(LlmRouterTelemetry.Tags.ResponseModel, model.Id);
        activity.SetTag(LlmRouterTelemetry.Tags.Route, model.Key);
        activity.SetTag(LlmRouterTelemetry.Tags.AttemptCount, attempts);
        activity.SetTag(LlmRouterTelemetry.Tags.CostUsd, (double)totalCost);
    }

    /// <summary>Marks the span failed with the last error's kind.</summary>
    public static void Failed(Activity? activity, LlmErrorKind? kind) =>
        activity?.SetStatus(ActivityStatusCode.Error, kind?.ToString() ?? "no route");
}
