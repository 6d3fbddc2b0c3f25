namespace LlmRouter.AspNetCore;

/// <summary>One model in OpenAI's shape (<c>id</c> is the catalog key), with LlmRouter's facts about it as an extension.</summary>
internal sealed class ModelDto
{
    public required string Id { get; init; }

    public string Object => "model";

    public long Created { get; init; }

    public required string OwnedBy { get; init; }

    public ModelFactsDto? Llmrouter { get; init; }
}
