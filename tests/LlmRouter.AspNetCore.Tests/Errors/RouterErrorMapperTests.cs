using Microsoft.Extensions.Time.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace LlmRouter.AspNetCore.Tests.Errors;

public class RouterErrorMapperTests
{
    private static RouterErrorMapper Create(FakeTimeProvider time, Action<BudgetOptions> budgets)
    {
        var router = new LlmRouterOptions();
        budgets(router.Budgets);
        return new RouterErrorMapper(MsOptions.Create(new LlmRouterGatewayOptions()), MsOptions.Create(router), time);
    }

    [Fact]
    public void Map_MonthlyBudget_WaitsUntilTheNextMonth()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 12, 0, 0, TimeSpan.Zero));
        var mapper = Create(time, b => b.Tenants["acme"] = new TenantBudget { DailyLimit = 5m, MonthlyLimit = 50m });

        var error = mapper.Map(new BudgetExceededException("over") { Tenant = "acme", Limit = 50m, Requested = 1m });

        Assert.Equal(429, error.Status);
        Assert.Equal("budget_exceeded", error.Code);
        Assert.Equal(TimeSpan.FromHours(12), error.RetryAfter);
    }

    [Fact]
    public void Map_GlobalDailyBudget_WaitsUntilUtcMidnight()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 22, 30, 0, TimeSpan.Zero));
        var mapper = Create(time, b => b.DailyLimit = 1m);

        var error = mapper.Map(new BudgetExceededException("over") { Limit = 1m, Requested = 2m });

        Assert.Equal(TimeSpan.FromMinutes(90), error.RetryAfter);
    }

    [Theory]
    [InlineData(LlmErrorKind.InvalidRequest, 400)]
    [InlineData(LlmErrorKind.ModelNotFound, 404)]
    [InlineData(LlmErrorKind.Authentication, 503)]
    [InlineData(LlmErrorKind.Unavailable, 503)]
    [InlineData(LlmErrorKind.RateLimited, 429)]
    public void Map_RoutersOwnErrors_BeforeAnyAttempt(LlmErrorKind kind, int status)
    {
        var mapper = Create(new FakeTimeProvider(), _ => { });

        Assert.Equal(status, mapper.Map(new LlmException(kind, "no")).Status);
    }

    [Fact]
    public void Map_ProvidersOwnModelNotFound_AfterEveryRouteFailed_IsABadGateway()
    {
        var mapper = Create(new FakeTimeProvider(), _ => { });
        var last = new LlmException(LlmErrorKind.ModelNotFound, "404 from upstream") { Provider = "openai", Model = "gpt-x" };

        var error = mapper.Map(new AllRoutesFailedException([new RouteAttempt("openai", "gpt-x", TimeSpan.Zero, LlmErrorKind.ModelNotFound, "404")], last));

        Assert.Equal(502, error.Status);
    }
}
