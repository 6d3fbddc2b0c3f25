using System.Net.Http.Headers;
using LlmRouter.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmRouter.AspNetCore.Tests.TestSupport;

/// <summary>The gateway for real: a WebApplication on Kestrel bound to 127.0.0.1 on a free port, with the providers a test gives.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    public const string AcmeKey = "sk-gw-acme-0123456789abcdefXYZ";
    public const string GlobexKey = "sk-gw-globex-0123456789abcdefXYZ";

    private readonly WebApplication _app;
    private readonly List<HttpClient> _clients = [];

    private GatewayHost(WebApplication app, Uri baseAddress, LogCapture logs)
    {
        _app = app;
        BaseAddress = baseAddress;
        Logs = logs;
    }

    /// <summary>Gets the gateway's address, ending in a slash.</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Gets every log line the host wrote, formatted, with exceptions.</summary>
    public LogCapture Logs { get; }

    /// <summary>Starts a gateway.</summary>
    /// <param name="providers">Registers providers on the router.</param>
    /// <param name="router">Sets router options after the test defaults (no retries).</param>
    /// <param name="withKeys">Configures the keys <see cref="AcmeKey"/> (tenant acme) and <see cref="GlobexKey"/> (tenant globex) through configuration.</param>
    /// <param name="configuration">More configuration, as <c>LlmRouter:…</c> keys.</param>
    /// <param name="services">Registers more services (a TimeProvider, …).</param>
    /// <param name="dashboard">Maps the dashboard at /dashboard.</param>
    public static async Task<GatewayHost> StartAsync(
        Action<ILlmRouterBuilder> providers,
        Action<LlmRouterOptions>? router = null,
        bool withKeys = false,
        IDictionary<string, string?>? configuration = null,
        Action<IServiceCollection>? services = null,
        bool dashboard = false)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ApplicationName = typeof(GatewayHost).Assembly.GetName().Name });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var settings = new Dictionary<string, string?>(configuration ?? new Dictionary<string, string?>());
        if (withKeys)
        {
            settings["LlmRouter:Gateway:ApiKeys:0:Key"] = AcmeKey;
            settings["LlmRouter:Gateway:ApiKeys:0:Tenant"] = "acme";
            settings["LlmRouter:Gateway:ApiKeys:1:Key"] = GlobexKey;
            settings["LlmRouter:Gateway:ApiKeys:1:Tenant"] = "globex";
        }

        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new LogCapture();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        var llm = builder.Services.AddLlmRouter(builder.Configuration.GetSection("LlmRouter")).AddGateway();
        builder.Services.Configure<LlmRouterOptions>(o =>
        {
            o.Retry.MaxRetries = 0;
            o.Retry.UseJitter = false;
            router?.Invoke(o);
        });
        providers(llm);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapLlmRouterEndpoints();
        if (dashboard)
        {
            app.MapLlmRouterDashboard();
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayHost(app, new Uri(address.TrimEnd('/') + "/"), logs);
    }

    /// <summary>An HTTP client for the gateway, sending <paramref name="key"/> as a bearer token when given.</summary>
    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
