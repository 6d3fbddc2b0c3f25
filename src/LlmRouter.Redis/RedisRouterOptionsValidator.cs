using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LlmRouter.Redis;

/// <summary>Validates <see cref="RedisRouterOptions"/> at startup and reports every problem at once.</summary>
internal sealed class RedisRouterOptionsValidator : IValidateOptions<RedisRouterOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisRouterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (TryParse(options.Configuration, out var problem) is null)
        {
            problems.Add(problem!);
        }

        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            problems.Add($"Redis KeyPrefix must be a non-empty name without braces; it is '{options.KeyPrefix}'.");
        }

        if (options.OutageBufferCapacity < 1)
        {
            problems.Add($"Redis OutageBufferCapacity must be at least 1; it is {options.OutageBufferCapacity}.");
        }

        AddIfNotPositive(problems, nameof(options.UsageRetention), options.UsageRetention);
        AddIfNotPositive(problems, nameof(options.ReservationLease), options.ReservationLease);
        AddIfNotPositive(problems, nameof(options.RetryInterval), options.RetryInterval);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Parses a StackExchange.Redis configuration string.</summary>
    /// <param name="configuration">The string.</param>
    /// <param name="problem">Why it is not usable, when it is not.</param>
    /// <returns>The parsed configuration, or <see langword="null"/> when it is missing, malformed or names no server.</returns>
    public static ConfigurationOptions? TryParse(string? configuration, out string? problem)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            problem = "Redis Configuration is required: a StackExchange.Redis configuration string such as 'localhost:6379'.";
            return null;
        }

        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(configuration);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException)
        {
            problem = $"Redis Configuration '{Redact(configuration)}' is not a valid StackExchange.Redis configuration string: {ex.Message}";
            return null;
        }

        if (parsed.EndPoints.Count == 0)
        {
            problem = $"Redis Configuration '{Redact(configuration)}' names no server; give one as host:port, for example 'localhost:6379'.";
            return null;
        }

        problem = null;
        return parsed;
    }

    // The configuration string may hold a password: show only the part before the first option.
    private static string Redact(string configuration)
    {
        var comma = configuration.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? (configuration.Contains('=', StringComparison.Ordinal) ? "…" : configuration) : configuration[..comma] + ",…";
    }

    private static void AddIfNotPositive(List<string> problems, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"Redis {name} must be positive; it is {value}.");
        }
    }
}
