using System.Diagnostics;
using Microsoft.Extensions.AI;

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

        // GenAI semantic conventions: the span is named "{gen_ai.operation.name} {gen_ai.request.model}".
        var plan = request.Plan;
        var requested = plan.Models.Count > 0 ? plan.Models[0].Key : null;
        var activity = LlmRouterTelemetry.ActivitySource.StartActivity(
            requested is null ? LlmRouterTelemetry.ChatOperation : LlmRouterTelemetry.ChatOperation + " " + requested, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag(LlmRouterTelemetry.Tags.OperationName, LlmRouterTelemetry.ChatOperation);
            activity.SetTag(LlmRouterTelemetry.Tags.Strategy, plan.Strategy);
            activity.SetTag(LlmRouterTelemetry.Tags.RequestModel, requested);
            activity.SetTag(LlmRouterTelemetry.Tags.Reason, plan.Reason);
            if (request.Hints.Tenant is { } tenant)
            {
                activity.SetTag(LlmRouterTelemetry.Tags.Tenant, tenant);
            }
        }

        return activity;
    }

    /// <summary>Tags the span with the route that answered, its token usage, the attempts and the total cost.</summary>
    public static void Succeeded(Activity? activity, ModelDescriptor model, int attempts, decimal totalCost, UsageDetails? usage)
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
        if (usage?.InputTokenCount is { } input)
        {
            activity.SetTag(LlmRouterTelemetry.Tags.InputTokens, input);
        }

        if (usage?.OutputTokenCount is { } output)
        {
            activity.SetTag(LlmRouterTelemetry.Tags.OutputTokens, output);
        }
    }

    /// <summary>Marks the span failed with the last error's kind, as its status and its <c>error.type</c>.</summary>
    public static void Failed(Activity? activity, LlmErrorKind? kind)
    {
        if (activity is null)
        {
            return;
        }

        var type = kind?.ToString() ?? "no route";
        activity.SetTag(LlmRouterTelemetry.Tags.ErrorType, type);
        activity.SetStatus(ActivityStatusCode.Error, type);
    }
}
