using LlmRouter;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Helpers for provider packages' <c>AddX()</c> methods.</summary>
public static class LlmRouterBuilderProviderExtensions
{
    /// <summary>
    /// Registers a provider under a name once. Options are bound from <c>LlmRouter:Providers:&lt;name&gt;</c>, then every
    /// <paramref name="configure"/> given for that name is applied in order, so calling <c>AddX()</c> twice configures one
    /// provider instead of registering two.
    /// </summary>
    /// <typeparam name="TOptions">The provider's options.</typeparam>
    /// <param name="builder">The router builder.</param>
    /// <param name="providerName">The provider's name (<see cref="ILlmProvider.Name"/>).</param>
    /// <param name="configure">Code configuration for this call, or <see langword="null"/>.</param>
    /// <param name="factory">Creates the provider from the container and its final options.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddNamedProvider<TOptions>(this ILlmRouterBuilder builder, string providerName, Action<TOptions>? configure, Func<IServiceProvider, TOptions, ILlmProvider> factory)
        where TOptions : LlmProviderOptions, new() =>
        builder.AddNamedProvider(providerName, configure, factory, registrationKey: null);

    /// <summary>
    /// Registers a provider under a name once, as <see cref="AddNamedProvider{TOptions}(ILlmRouterBuilder, string, Action{TOptions}?, Func{IServiceProvider, TOptions, ILlmProvider})"/>
    /// does, and tells a repeated registration of the same provider from another provider that wants the same name: a second call
    /// under the name must give an equal <paramref name="registrationKey"/> (its configure action is then added), else it throws.
    /// </summary>
    /// <typeparam name="TOptions">The provider's options.</typeparam>
    /// <param name="builder">The router builder.</param>
    /// <param name="providerName">The provider's name (<see cref="ILlmProvider.Name"/>).</param>
    /// <param name="configure">Code configuration for this call, or <see langword="null"/>.</param>
    /// <param name="factory">Creates the provider from the container and its final options; the first registration's factory is the one used.</param>
    /// <param name="registrationKey">What the name stands for (for example a host's endpoint and key variables), compared with
    /// <see cref="object.Equals(object?, object?)"/>; <see langword="null"/> when the options type alone identifies the provider.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The name is already registered with another options type or another registration key.</exception>
    public static ILlmRouterBuilder AddNamedProvider<TOptions>(this ILlmRouterBuilder builder, string providerName, Action<TOptions>? configure, Func<IServiceProvider, TOptions, ILlmProvider> factory, object? registrationKey)
        where TOptions : LlmProviderOptions, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        ArgumentNullException.ThrowIfNull(factory);

        var existing = builder.Services
            .Select(d => d.ImplementationInstance)
            .OfType<NamedProviderRegistration>()
            .FirstOrDefault(r => string.Equals(r.Name, providerName, StringComparison.OrdinalIgnoreCase));
        if (existing is not null)
        {
            if (existing.OptionsType != typeof(TOptions))
            {
                throw new InvalidOperationException($"A provider named '{providerName}' is already registered with {existing.OptionsType.Name}; provider names must be unique.");
            }

            if (!Equals(existing.Key, registrationKey))
            {
                throw new InvalidOperationException($"A provider named '{providerName}' is already registered with another endpoint or settings; give the new provider a different name.");
            }

            if (configure is not null)
            {
                existing.Configures.Add(configure);
            }

            return builder;
        }

        var registration = new NamedProviderRegistration(providerName, typeof(TOptions), registrationKey);
        if (configure is not null)
        {
            registration.Configures.Add(configure);
        }

        builder.Services.AddSingleton(registration);
        builder.Services.AddSingleton(sp =>
        {
            var options = ProviderSettings.BindOptions<TOptions>(providerName, sp.GetService<IConfiguration>(), o =>
            {
                foreach (var action in registration.Configures)
                {
                    ((Action<TOptions>)action)(o);
                }
            });
            return factory(sp, options);
        });
        return builder;
    }

    /// <summary>One named provider's registration: its options type and every configure action given for it.</summary>
    private sealed class NamedProviderRegistration(string name, Type optionsType, object? key)
    {
        public string Name { get; } = name;

        public Type OptionsType { get; } = optionsType;

        public object? Key { get; } = key;

        public List<Delegate> Configures { get; } = [];
    }
}
