using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LlmRouter.Cli.Configuration;
using LlmRouter.Cli.Output;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace LlmRouter.Cli.Commands.Config;

/// <summary>
/// <c>llmrouter config</c>: the effective configuration: where it was read from, the router's options, the store, which providers are
/// configured, the provider variables set in the environment and every <c>LlmRouter:*</c> setting. Keys show as <c>sk-…abcd</c> at most.
/// </summary>
internal static class ConfigCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "config";

    /// <summary>What the command does, for help.</summary>
    public const string Description = "Show the effective configuration, keys masked.";

    /// <summary>Creates the command.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="globals">The global options.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context, CliGlobalOptions globals)
    {
        var command = new Command(Name, Description);
        command.SetHandler(context, globals, invocation =>
        {
            var configuration = invocation.Configuration;
            var storage = StorageSettings.Read(configuration.Router);
            var options = new LlmRouterOptions();
            configuration.Router.Bind(options);
            var providers = context.Providers.GetProviders(configuration.Root);
            var variables = ProviderVariables.Find(context.Environment);
            var settings = Settings(configuration);
            if (invocation.Json)
            {
                invocation.WriteJson(writer => WriteJson(writer, configuration, storage, options, providers, variables, settings));
            }
            else
            {
                Render(invocation.Console, configuration, storage, options, providers, variables, settings);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static IReadOnlyList<(string Key, string Value, string Source)> Settings(CliConfiguration configuration)
    {
        var fromEnvironment = new HashSet<string>(configuration.FromEnvironment, StringComparer.OrdinalIgnoreCase);
        return [.. configuration.Router.AsEnumerable()
            .Where(p => p.Value is not null)
            .OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
            .Select(p => (p.Key, SecretMasker.Mask(p.Key, p.Value), fromEnvironment.Contains(p.Key) ? "environment" : "file"))];
    }

    private static IEnumerable<(string Name, string Value)> RouterRows(LlmRouterOptions o)
    {
        static string List(IEnumerable<string>? items) => items is null ? "(all)" : string.Join(", ", items.DefaultIfEmpty("(none)"));
        static string Money(decimal? limit) => limit is { } l ? "$" + l.ToString("0.##", CultureInfo.InvariantCulture) : "(none)";
        yield return ("Strategy", o.Strategy);
        yield return ("LocalFirst", o.LocalFirst ? "true" : "false");
        yield return ("Models", List(o.Models));
        yield return ("FallbackChain", List(o.FallbackChain));
        yield return ("AttemptTimeout", o.AttemptTimeout.ToString("c", CultureInfo.InvariantCulture));
        yield return ("Retry", string.Create(CultureInfo.InvariantCulture, $"{o.Retry.MaxRetries} retries, base delay {o.Retry.BaseDelay:c}, max delay {o.Retry.MaxDelay:c}"));
        yield return ("Budgets", $"daily {Money(o.Budgets.DailyLimit)}, monthly {Money(o.Budgets.MonthlyLimit)}, {o.Budgets.Tenants.Count} tenant limit(s)");
        yield return ("TrackUsage", o.TrackUsage ? "true" : "false");
        yield return ("AdditionalModels", o.AdditionalModels.Count.ToString(CultureInfo.InvariantCulture));
        yield return ("Aliases", o.Aliases.Count == 0 ? "(none)" : string.Join(", ", o.Aliases.Select(a => $"{a.Key} → {a.Value}")));
    }

    private static void Render(
        IAnsiConsole console,
        CliConfiguration configuration,
        StorageSettings storage,
        LlmRouterOptions options,
        IReadOnlyList<ILlmProvider> providers,
        IReadOnlyList<KeyValuePair<string, string>> variables,
        IReadOnlyList<(string Key, string Value, string Source)> settings)
    {
        console.Write(new Panel(Cells.Grid(
            [
                ("File", configuration.File ?? $"(none: no --config and no {CliConfiguration.DefaultFileName} here)"),
                ("Environment", $"{configuration.FromEnvironment.Count} setting(s) from {CliConfiguration.EnvironmentPrefix}… variables"),
                ("Store", storage.Describe()),
            ])).Header("Sources").Expand());

        var router = Cells.Table("Router option", "Value");
        foreach (var (name, value) in RouterRows(options))
        {
            router.AddRow(Cells.Plain(name), Cells.Plain(value));
        }

        console.Write(router);

        var table = Cells.Table("Provider", "Configured", "Detail");
        foreach (var p in providers.OrderByDescending(p => p.IsConfigured).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            table.AddRow(
                Cells.Plain(p.Name),
                p.IsConfigured ? Cells.Plain("yes", Cells.Good) : Cells.Plain("no", Cells.Dim),
                Cells.Plain(p.IsConfigured ? string.Empty : p.NotConfiguredReason ?? "not configured"));
        }

        console.Write(table);

        var env = Cells.Table("Provider variable", "Value");
        foreach (var (name, value) in variables)
        {
            env.AddRow(Cells.Plain(name), Cells.Plain(value));
        }

        if (variables.Count == 0)
        {
            env.AddRow(Cells.Plain("(none set)", Cells.Dim), Cells.Plain(string.Empty));
        }

        console.Write(env);

        var all = Cells.Table("Setting", "Value", "From");
        foreach (var (key, value, source) in settings)
        {
            all.AddRow(Cells.Plain(key), Cells.Plain(value), Cells.Plain(source, Cells.Dim));
        }

        if (settings.Count == 0)
        {
            all.AddRow(Cells.Plain("(none: defaults)", Cells.Dim), Cells.Plain(string.Empty), Cells.Plain(string.Empty));
        }

        console.Write(all);
    }

    private static void WriteJson(
        Utf8JsonWriter writer,
        CliConfiguration configuration,
        StorageSettings storage,
        LlmRouterOptions options,
        IReadOnlyList<ILlmProvider> providers,
        IReadOnlyList<KeyValuePair<string, string>> variables,
        IReadOnlyList<(string Key, string Value, string Source)> settings)
    {
        writer.WriteStartObject();
        writer.WriteString("configFile", configuration.File);
        writer.WriteStartObject("storage");
        writer.WriteString("kind", storage.Kind.ToString().ToLowerInvariant());
        writer.WriteString("connection", storage.Connection is null ? null : SecretMasker.MaskEmbedded(storage.Connection));
        writer.WriteEndObject();
        writer.WriteStartObject("router");
        foreach (var (name, value) in RouterRows(options))
        {
            writer.WriteString(JsonNamingPolicy.CamelCase.ConvertName(name), value);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("providers");
        foreach (var p in providers)
        {
            writer.WriteStartObject();
            writer.WriteString("name", p.Name);
            writer.WriteBoolean("configured", p.IsConfigured);
            writer.WriteString("detail", p.IsConfigured ? null : p.NotConfiguredReason ?? "not configured");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("environment");
        foreach (var (name, value) in variables)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("settings");
        foreach (var (key, value, _) in settings)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
