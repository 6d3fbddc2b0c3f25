using LlmRouter.Cli.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmRouter.Cli.Hosting;

/// <summary>
/// Builds the router a command needs, as a host would: options bound from <c>LlmRouter</c>, the configured providers, the store
/// named in <c>LlmRouter:Storage</c>. A local server (Ollama, vLLM, …) counts as configured only when it answers.
/// </summary>
/// <param name="context">The run's context.</param>
/// <param name="configuration">The configuration.</param>
internal sealed class RouterSessionFactory(CliContext context, CliConfiguration configuration)
{
    /// <summary>How long local servers get to answer before a routing command goes on without them.</summary>
    public static readonly TimeSpan LocalProbeDeadline = TimeSpan.FromSeconds(2);

    /// <summary>Builds a router session.</summary>
    /// <param name="purpose">What the command needs the router for.</param>
    /// <param name="cancellationToken">Cancels probing local servers.</param>
    /// <returns>The session; dispose it.</returns>
    /// <exception cref="CliFailureException">No provider is configured for sending, the store is misnamed, or the options are invalid.</exception>
    public async Task<RouterSession> CreateAsync(SessionPurpose purpose, CancellationToken cancellationToken)
    {
        var storage = StorageSettings.Read(configuration.Router);
        IReadOnlyList<ILlmProvider> providers = purpose == SessionPurpose.Usage ? [] : await GetRoutableProvidersAsync(cancellationToken);
        var wholeCatalog = false;
        if (providers.Count == 0 && purpose == SessionPurpose.Send)
        {
            throw new CliFailureException(
                "No provider is configured: set a key such as OPENAI_API_KEY or ANTHROPIC_API_KEY, or start a local server such as Ollama. "
                + "'llmrouter providers' says what each provider is missing.");
        }

        if (providers.Count == 0 && purpose == SessionPurpose.Plan)
        {
            providers = PlanningProvider.ForCatalog(CatalogLoader.Load(configuration));
            wholeCatalog = true;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration.Root);
        services.AddSingleton(context.Time);
        var builder = services.AddLlmRouter(configuration.Router);
        foreach (var provider in providers)
        {
            builder.AddProvider(provider);
        }

        storage.Apply(builder);
        var container = services.BuildServiceProvider();
        try
        {
            // Without a host nothing runs ValidateOnStart: run it here, so every configuration problem is reported together.
            container.GetService<IStartupValidator>()?.Validate();
            _ = container.GetRequiredService<ILlmRouter>();
        }
        catch (Exception ex) when (ex is OptionsValidationException or AggregateException)
        {
            await container.DisposeAsync();
            throw new CliFailureException($"The configuration is invalid: {Describe(ex)}", ex);
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }

        return new RouterSession(container, storage, wholeCatalog);
    }

    private static string Describe(Exception ex) => ex switch
    {
        OptionsValidationException o => string.Join(" ", o.Failures),
        AggregateException a => string.Join(" ", a.InnerExceptions.Select(Describe)),
        _ => ex.Message,
    };

    private async Task<IReadOnlyList<ILlmProvider>> GetRoutableProvidersAsync(CancellationToken cancellationToken)
    {
        var all = context.Providers.GetProviders(configuration.Root);
        var local = all.Where(p => p.IsConfigured && p.IsLocal).ToArray();
        var answering = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (local.Length > 0)
        {
            var reports = await new ProviderProbe(context.Time).CheckAsync(local, LocalProbeDeadline, cancellationToken);
            answering.UnionWith(reports.Where(r => r.Healthy).Select(r => r.Name));
        }

        return [.. all.Where(p => p.IsConfigured && (!p.IsLocal || answering.Contains(p.Name)))];
    }
}
