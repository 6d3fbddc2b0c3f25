using Microsoft.Extensions.Options;

namespace LlmRouter.AspNetCore;

/// <summary>Validates <see cref="LlmRouterGatewayOptions"/> at startup and reports every problem at once; never names a key.</summary>
internal sealed class LlmRouterGatewayOptionsValidator : IValidateOptions<LlmRouterGatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmRouterGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var entry = options.ApiKeys[i];
            var at = $"{GatewayDefaults.ConfigurationSection}:ApiKeys:{i}";
            if (entry is null)
            {
                problems.Add($"{at} is empty.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(entry.Key) || entry.Key.Length < GatewayDefaults.MinimumKeyLength)
            {
                problems.Add($"{at}:Key must be at least {GatewayDefaults.MinimumKeyLength} characters long.");
            }
            else if (!seen.Add(entry.Key))
            {
                problems.Add($"{at}:Key repeats an earlier key; each key belongs to one tenant.");
            }

            if (string.IsNullOrWhiteSpace(entry.Tenant))
            {
                problems.Add($"{at}:Tenant must name the tenant the key's requests are metered under.");
            }
        }

        if (options.MaxRequestBodySize <= 0)
        {
            problems.Add($"{GatewayDefaults.ConfigurationSection}:MaxRequestBodySize must be positive; it is {options.MaxRequestBodySize}.");
        }

        if (string.IsNullOrWhiteSpace(options.AutoModel))
        {
            problems.Add($"{GatewayDefaults.ConfigurationSection}:AutoModel must not be empty.");
        }

        if (options.HealthCacheDuration < TimeSpan.Zero)
        {
            problems.Add($"{GatewayDefaults.ConfigurationSection}:HealthCacheDuration must not be negative; it is {options.HealthCacheDuration}.");
        }

        if (options.RecentRoutes < 0 || options.RecentRoutes > GatewayDefaults.RecentRoutesLimit)
        {
            problems.Add($"{GatewayDefaults.ConfigurationSection}:RecentRoutes must be between 0 and {GatewayDefaults.RecentRoutesLimit}; it is {options.RecentRoutes}.");
        }

        if (options.DashboardDays < 1 || options.DashboardDays > GatewayDefaults.DashboardDaysLimit)
        {
            problems.Add($"{GatewayDefaults.ConfigurationSection}:DashboardDays must be between 1 and {GatewayDefaults.DashboardDaysLimit}; it is {options.DashboardDays}.");
        }

        if (options.DefaultRetryAfter < TimeSpan.Zero)
        {
            problems.Add($"{GatewayDefaults.ConfigurationSection}:DefaultRetryAfter must not be negative; it is {options.DefaultRetryAfter}.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
