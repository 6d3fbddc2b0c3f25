using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.OpenAI;

/// <summary>
/// One registered OpenAI-compatible provider: its preset and every configure action given for it, so that calling
/// <c>AddOpenAI()</c> twice registers one provider with both configurations applied in order.
/// </summary>
internal sealed class OpenAIProviderRegistration
{
    private readonly List<Action<OpenAIProviderOptions>> _configure = [];

    private OpenAIProviderRegistration(OpenAIPreset preset) => Preset = preset;

    public OpenAIPreset Preset { get; }

    public static ILlmRouterBuilder Register(ILlmRouterBuilder builder, OpenAIPreset preset, Action<OpenAIProviderOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var existing = builder.Services
            .Where(d => d.ServiceType == typeof(OpenAIProviderRegistration) && !d.IsKeyedService)
            .Select(d => d.ImplementationInstance as OpenAIProviderRegistration)
            .FirstOrDefault(r => r is not null && string.Equals(r.Preset.Name, preset.Name, StringComparison.OrdinalIgnoreCase));
        if (existing is not null)
        {
            if (!SameHost(existing.Preset, preset))
            {
                throw new InvalidOperationException($"A provider named '{preset.Name}' is already registered with another endpoint or settings; give the OpenAI-compatible provider a different name.");
            }

            existing.Add(configure);
            return builder;
        }

        var registration = new OpenAIProviderRegistration(preset);
        registration.Add(configure);
        builder.Services.AddSingleton(registration);
        builder.Services.AddSingleton<ILlmProvider>(sp => registration.Create(sp.GetService<IConfiguration>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return builder;
    }

    public OpenAICompatibleProvider Create(IConfiguration? configuration, TimeProvider timeProvider)
    {
        var options = ProviderSettings.BindOptions<OpenAIProviderOptions>(Preset.Name, configuration, Configure);
        return Preset.DiscoversModels
            ? new LocalOpenAICompatibleProvider(Preset, options, timeProvider)
            : new OpenAICompatibleProvider(Preset, options, timeProvider);
    }

    private static bool SameHost(OpenAIPreset a, OpenAIPreset b) =>
        a.DefaultEndpoint == b.DefaultEndpoint && a.IsLocal == b.IsLocal && a.ApiKeyVariables.SequenceEqual(b.ApiKeyVariables, StringComparer.Ordinal);

    private void Add(Action<OpenAIProviderOptions>? configure)
    {
        if (configure is not null)
        {
            _configure.Add(configure);
        }
    }

    private void Configure(OpenAIProviderOptions options)
    {
        foreach (var configure in _configure)
        {
            configure(options);
        }
    }
}
