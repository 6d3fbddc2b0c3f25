namespace LlmRouter.AspNetCore;

/// <summary>The answer of <c>GET /v1/models</c>, in OpenAI's list shape.</summary>
internal sealed class ModelListDto
{
    public string Object => "list";

    public required List<ModelDto> Data { get; init; }
}
