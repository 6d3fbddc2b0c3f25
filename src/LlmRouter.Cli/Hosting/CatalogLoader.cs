using System.Runtime.CompilerServices;
using LlmRouter.Cli.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Cli.Hosting;

/// <summary>The catalog the router would use: the built-in one, plus <c>LlmRouter:AdditionalModels</c> and <c>LlmRouter:Aliases</c> when configured.</summary>
internal static class CatalogLoader
{
    /// <summary>Loads the catalog, without building the router unless the configuration changes the catalog.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The catalog.</returns>
    public static ModelCatalog Load(CliConfiguration configuration)
    {
        var router = configuration.Router;
        if (!router.GetSection(nameof(LlmRouterOptions.AdditionalModels)).GetChildren().Any()
            && !router.GetSection(nameof(LlmRouterOptions.Aliases)).GetChildren().Any())
        {
            return ModelCatalog.Default;
        }

        return LoadConfigured(configuration);
    }

    /// <summary>Builds the catalog as the library does from bound options, so the CLI shows exactly what the router routes over.</summary>
    /// <remarks>A method of its own, so that the dependency-injection assemblies load only when the catalog is configured.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ModelCatalog LoadConfigured(CliConfiguration configuration)
    {
        var router = configuration.Router;
        var services = new ServiceCollection();
        services.AddLlmRouter(router);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<ModelCatalog>();
    }
}
