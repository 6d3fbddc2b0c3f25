using Microsoft.Extensions.Options;

namespace LlmRouter;

/// <summary>Validates <see cref="HealthMonitoringOptions"/> at startup and reports every problem at once.</summary>
internal sealed class HealthMonitoringOptionsValidator : IValidateOptions<HealthMonitoringOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthMonitoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var max = LlmRouterDefaults.MaxHealthCheckPeriod;
        if (options.Interval <= TimeSpan.Zero || options.Interval > max)
        {
            problems.Add($"LlmRouter:HealthMonitoring:Interval must be positive and at most {max}; it is {options.Interval}.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > max)
        {
            problems.Add($"LlmRouter:HealthMonitoring:Timeout must be positive and at most {max}; it is {options.Timeout}.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
