using System.Text.Json.Serialization;

namespace LlmRouter.AspNetCore;

/// <summary>System.Text.Json source generation for every body the gateway reads and writes: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    GenerationMode = JsonSourceGenerationMode.Default)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(List<ContentPartDto?>))]
[JsonSerializable(typeof(EmbeddingRequest))]
[JsonSerializable(typeof(EmbeddingResponse))]
[JsonSerializable(typeof(ModelListDto))]
[JsonSerializable(typeof(ModelDto))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(UsageSummaryDto))]
[JsonSerializable(typeof(HealthDto))]
[JsonSerializable(typeof(DashboardDto))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
