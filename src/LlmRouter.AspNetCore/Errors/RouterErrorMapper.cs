using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LlmRouter.AspNetCore;

/// <summary>
/// Turns the router's errors into the status an OpenAI client expects: 400 for a request that would fail anywhere, 404 for a
/// model the router does not know, 429 with Retry-After for rate limits, quotas and budgets, 503 when no route could take the
/// request or the providers are down, and 502 when every route failed otherwise. A provider's own 401 is the gateway's
/// problem, not the caller's, so it is never answered as 401.
/// </summary>
internal sealed class RouterErrorMapper
{
    private readonly LlmRouterGatewayOptions _gateway;
    private readonly BudgetOptions _budgets;
    private readonly TimeProvider _time;

    public RouterErrorMapper(IOptions<LlmRouterGatewayOptions> gateway, IOptions<LlmRouterOptions> router, TimeProvider? time = null)
    {
        _gateway = gateway.Value;
        _budgets = router.Value.Budgets;
        _time = time ?? TimeProvider.System;
    }

    public GatewayError Map(LlmException exception)
    {
        if (exception is BudgetExceededException budget)
        {
            return Budget(budget);
        }

        var routesFailed = exception is AllRoutesFailedException;
        return exception.Kind switch
        {
            LlmErrorKind.InvalidRequest => GatewayError.BadRequest(exception.Message),
            LlmErrorKind.ContextTooLong => GatewayError.BadRequest(exception.Message, "messages", "context_length_exceeded"),
            LlmErrorKind.ContentFiltered => GatewayError.BadRequest(exception.Message, "messages", "content_filter"),
            LlmErrorKind.ModelNotFound when !routesFailed => new(StatusCodes.Status404NotFound, "invalid_request_error", "model_not_found", exception.Message) { Param = "model" },
            LlmErrorKind.BudgetExceeded => Budget(exception.InnerException as BudgetExceededException, exception.Message),
            LlmErrorKind.RateLimited => new(StatusCodes.Status429TooManyRequests, "rate_limit_error", "rate_limit_exceeded", exception.Message) { RetryAfter = exception.RetryAfter ?? _gateway.DefaultRetryAfter },
            LlmErrorKind.QuotaExhausted => new(StatusCodes.Status429TooManyRequests, "insufficient_quota", "insufficient_quota", exception.Message) { RetryAfter = exception.RetryAfter ?? _gateway.DefaultRetryAfter },
            LlmErrorKind.Unavailable => new(StatusCodes.Status503ServiceUnavailable, "server_error", routesFailed ? "upstream_unavailable" : "no_route_available", exception.Message) { RetryAfter = exception.RetryAfter },
            LlmErrorKind.Authentication when !routesFailed => new(StatusCodes.Status503ServiceUnavailable, "server_error", "provider_not_configured", exception.Message),
            LlmErrorKind.Authentication => new(StatusCodes.Status502BadGateway, "server_error", "upstream_authentication", exception.Message),
            LlmErrorKind.Timeout => new(StatusCodes.Status502BadGateway, "server_error", "upstream_timeout", exception.Message),
            _ => new(StatusCodes.Status502BadGateway, "server_error", "upstream_error", exception.Message),
        };
    }

    private GatewayError Budget(BudgetExceededException? budget, string? message = null) =>
        new(StatusCodes.Status429TooManyRequests, "insufficient_quota", "budget_exceeded", message ?? budget!.Message)
        {
            RetryAfter = budget is null ? _gateway.DefaultRetryAfter : UntilReset(budget),
        };

    /// <summary>How long until the exceeded budget's period (a UTC day or month) starts over.</summary>
    private TimeSpan UntilReset(BudgetExceededException budget)
    {
        decimal? daily = _budgets.DailyLimit, monthly = _budgets.MonthlyLimit;
        if (budget.Tenant is { } tenant && _budgets.Tenants.TryGetValue(tenant, out var own))
        {
            (daily, monthly) = (own.DailyLimit, own.MonthlyLimit);
        }

        var now = _time.GetUtcNow();
        var nextDay = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        if (monthly == budget.Limit && daily != budget.Limit)
        {
            var nextMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
            return nextMonth - now;
        }

        return nextDay - now;
    }
}
