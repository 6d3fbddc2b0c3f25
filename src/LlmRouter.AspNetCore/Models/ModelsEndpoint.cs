using Microsoft.AspNetCore.Http;

namespace LlmRouter.AspNetCore;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{model}</c>: the models the gateway serves, in OpenAI's list shape, <c>auto</c> first.</summary>
internal sealed class ModelsEndpoint
{
    private readonly GatewayModels _models;

    public ModelsEndpoint(GatewayModels models)
    {
        _models = models;
    }

    public Task ListAsync(HttpContext context, GatewayCaller caller)
    {
        var data = new List<ModelDto> { Auto() };
        foreach (var model in _models.Served())
        {
            data.Add(ToDto(model));
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        return GatewayJson.WriteAsync(context.Response, new ModelListDto { Data = data }, GatewayJsonContext.Default.ModelListDto);
    }

    public Task GetAsync(HttpContext context, GatewayCaller caller)
    {
        // SDKs escape the key's slash (openai%2Fgpt-4o-mini), which the server leaves escaped in the path.
        var name = context.Request.RouteValues["model"] is string raw ? Uri.UnescapeDataString(raw) : null;
        ModelDto dto;
        if (name is not null && _models.IsAuto(name))
        {
            dto = Auto();
        }
        else
        {
            var model = _models.Catalog.TryResolve(name ?? string.Empty, out var known) ? known : null;
            model = model is not null && _models.Served().Contains(model) ? model : null;
            dto = model is not null
                ? ToDto(model)
                : throw new GatewayException(new GatewayError(StatusCodes.Status404NotFound, "invalid_request_error", "model_not_found", $"The model '{name}' is not served by this gateway. GET /v1/models lists the models it serves.") { Param = "model" });
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        return GatewayJson.WriteAsync(context.Response, dto, GatewayJsonContext.Default.ModelDto);
    }

    private ModelDto Auto() => new() { Id = _models.AutoModel, OwnedBy = "llmrouter" };

    private static ModelDto ToDto(ModelDescriptor model)
    {
        var capabilities = new List<string>();
        foreach (var flag in Enum.GetValues<ModelCapabilities>())
        {
            if (flag != ModelCapabilities.None && model.Supports(flag))
            {
                capabilities.Add(flag.ToString().ToLowerInvariant());
            }
        }

        return new ModelDto
        {
            Id = model.Key,
            OwnedBy = model.Provider,
            Llmrouter = new ModelFactsDto
            {
                Tier = model.Tier.ToString().ToLowerInvariant(),
                ContextWindow = model.ContextWindow,
                MaxOutputTokens = model.MaxOutputTokens,
                InputPerMillion = model.Pricing.InputPerMillion,
                OutputPerMillion = model.Pricing.OutputPerMillion,
                Capabilities = capabilities,
                Aliases = [.. model.Aliases],
            },
        };
    }
}
