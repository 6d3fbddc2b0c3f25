namespace LlmRouter.AspNetCore;

/// <summary>A request's <c>response_format</c>: <c>text</c>, <c>json_object</c> or <c>json_schema</c>.</summary>
internal sealed class ResponseFormatDto
{
    public string? Type { get; set; }

    public JsonSchemaDto? JsonSchema { get; set; }
}
