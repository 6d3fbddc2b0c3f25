using System.CommandLine;
using System.Globalization;
using LlmRouter.Cli.Hosting;
using LlmRouter.Cli.Output;
using Spectre.Console;

namespace LlmRouter.Cli.Commands.Providers;

/// <summary>
/// <c>llmrouter providers [--timeout s]</c>: every provider the tool knows, whether it is configured (and if not, why), whether it
/// answers its health check and how fast. The checks run all at once; one that has not answered by the deadline is reported unhealthy.
/// </summary>
internal static class ProvidersCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "providers";

    /// <summary>What the command does, for help.</summary>
    public const string Description = "Show which providers are configured (or why not), healthy, and how fast they answer.";

    /// <summary>The default deadline of the health checks.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Creates the command.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="globals">The global options.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context, CliGlobalOptions globals)
    {
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds the health checks may take together (they run in parallel).",
            HelpName = "seconds",
            DefaultValueFactory = _ => DefaultTimeout.TotalSeconds,
            CustomParser = r =>
            {
                var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 600)
                {
                    return seconds;
                }

                r.AddError($"--timeout takes seconds, more than 0 and at most 600; got '{text}'.");
                return 0;
            },
        };
        var command = new Command(Name, Description) { timeout };
        command.SetHandler(context, globals, async (invocation, cancellationToken) =>
        {
            var providers = context.Providers.GetProviders(invocation.Configuration.Root);
            var deadline = TimeSpan.FromSeconds(invocation.ParseResult.GetValue(timeout));
            var probe = new ProviderProbe(context.Time);
            IReadOnlyList<ProviderReport> reports;
            if (!invocation.Json && context.Console.Interactive)
            {
                reports = await invocation.Console.Status().StartAsync(
                    $"Checking {providers.Count(p => p.IsConfigured)} configured provider(s)…",
                    _ => probe.CheckAsync(providers, deadline, cancellationToken));
            }
            else
            {
                reports = await probe.CheckAsync(providers, deadline, cancellationToken);
            }

            if (invocation.Json)
            {
                invocation.WriteJson(writer =>
                {
                    writer.WriteStartArray();
                    foreach (var r in reports)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("name", r.Name);
                        writer.WriteBoolean("configured", r.Configured);
                        writer.WriteBoolean("healthy", r.Healthy);
                        writer.WriteMilliseconds("latencyMs", r.Latency);
                        writer.WriteString("detail", r.Detail);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                });
            }
            else
            {
                Render(invocation.Console, reports);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, IReadOnlyList<ProviderReport> reports)
    {
        var table = Cells.Table("Provider", "Configured", "Healthy", "Latency>", "Detail");

        // Configured first, then by name: what can take traffic is what people look for.
        foreach (var r in reports.OrderByDescending(r => r.Configured).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            table.AddRow(
                Cells.Plain(r.IsLocal ? r.Name + " (local)" : r.Name),
                r.Configured ? Cells.Plain("yes", Cells.Good) : Cells.Plain("no", Cells.Dim),
                !r.Configured ? Cells.Plain("-", Cells.Dim) : r.Healthy ? Cells.Plain("yes", Cells.Good) : Cells.Plain("no", Cells.Bad),
                Cells.Plain(Format.Duration(r.Latency)),
                Cells.Plain(r.Detail));
        }

        console.Write(table);
        var configured = reports.Count(r => r.Configured);
        var healthy = reports.Count(r => r.Healthy);
        Cells.Line(console, string.Create(CultureInfo.InvariantCulture, $"{configured} of {reports.Count} configured, {healthy} healthy."), Cells.Dim);
    }
}
