using LlmRouter.AspNetCore;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps LlmRouter's OpenAI-compatible endpoints and its dashboard.</summary>
public static class LlmRouterEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the OpenAI-compatible gateway: <c>POST /v1/chat/completions</c> (JSON and server-sent events), <c>POST /v1/embeddings</c>,
    /// <c>GET /v1/models</c>, <c>GET /v1/models/{model}</c>, <c>GET /v1/usage</c> and <c>GET /health</c>; any other <c>/v1/</c> path is a 404 in
    /// OpenAI's error envelope. Needs <c>services.AddLlmRouter(…).AddGateway()</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <returns>The group of the gateway's endpoints, to add conventions (CORS, rate limiting, …).</returns>
    /// <exception cref="InvalidOperationException">The gateway's services are not registered.</exception>
    public static RouteGroupBuilder MapLlmRouterEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var sp = endpoints.ServiceProvider;
        var guard = Guard(sp);
        var chat = sp.GetRequiredService<ChatCompletionsEndpoint>();
        var embeddings = sp.GetRequiredService<EmbeddingsEndpoint>();
        var models = sp.GetRequiredService<ModelsEndpoint>();
        var usage = sp.GetRequiredService<UsageEndpoint>();
        var health = sp.GetRequiredService<HealthEndpoint>();

        var group = endpoints.MapGroup(string.Empty);
        group.MapPost("/v1/chat/completions", guard.Authenticated(chat.HandleAsync)).WithDisplayName("LlmRouter chat completions");
        group.MapPost("/v1/embeddings", guard.Authenticated(embeddings.HandleAsync)).WithDisplayName("LlmRouter embeddings");
        group.MapGet("/v1/models", guard.Authenticated(models.ListAsync)).WithDisplayName("LlmRouter models");
        group.MapGet("/v1/models/{**model}", guard.Authenticated(models.GetAsync)).WithDisplayName("LlmRouter model");
        group.MapGet("/v1/usage", guard.Authenticated(usage.HandleAsync)).WithDisplayName("LlmRouter usage");
        group.MapGet("/health", guard.Open(health.HandleAsync)).WithDisplayName("LlmRouter health");
        group.Map("/v1/{**path}", guard.Authenticated((context, _) => guard.Refuse(context, GatewayErrors.NotFound(context.Request.Path))))
            .WithDisplayName("LlmRouter unknown path");
        return group;
    }

    /// <summary>
    /// Maps the dashboard under <paramref name="path"/>: a page with provider health, spend and tokens by model and day as
    /// charts, and recent routes with their attempts. Its page, script and style are embedded and hold no data; the data
    /// (<c>{path}/api/data</c>) is behind the same caller keys as the API and shows the caller's tenant only (everyone's on a
    /// gateway without keys). Off until mapped. Needs <c>services.AddLlmRouter(…).AddGateway()</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="path">Where to serve it; <c>/dashboard</c> by default.</param>
    /// <returns>The group of the dashboard's endpoints.</returns>
    /// <exception cref="InvalidOperationException">The gateway's services are not registered.</exception>
    public static RouteGroupBuilder MapLlmRouterDashboard(this IEndpointRouteBuilder endpoints, string path = GatewayDefaults.DashboardPath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var guard = Guard(endpoints.ServiceProvider);
        var data = endpoints.ServiceProvider.GetRequiredService<DashboardEndpoint>();
        var root = "/" + path.Trim('/');
        var group = endpoints.MapGroup(root);
        group.MapGet(string.Empty, context =>
        {
            // Routing ignores a trailing slash; the page's relative URLs (app.js, api/data) need it.
            if (!context.Request.Path.Value!.EndsWith('/'))
            {
                context.Response.Redirect(context.Request.PathBase + context.Request.Path + "/");
                return Task.CompletedTask;
            }

            return DashboardAssets.WriteAsync(context, "index.html");
        });
        group.MapGet("/app.js", context => DashboardAssets.WriteAsync(context, "app.js"));
        group.MapGet("/app.css", context => DashboardAssets.WriteAsync(context, "app.css"));
        group.MapGet("/api/data", guard.Authenticated(data.HandleAsync));
        return group;
    }

    private static EndpointGuard Guard(IServiceProvider services) =>
        services.GetService<EndpointGuard>()
        ?? throw new InvalidOperationException("The LlmRouter gateway is not registered: call services.AddLlmRouter(…).AddGateway() before mapping its endpoints.");
}
