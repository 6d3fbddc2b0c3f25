namespace LlmRouter;

/// <summary>One result of <see cref="NearestNeighbourIndex.Search"/>.</summary>
/// <param name="Payload">The payload stored with the vector.</param>
/// <param name="Similarity">The cosine similarity of the vector to the query, from −1 to 1.</param>
internal readonly record struct Neighbour(int Payload, float Similarity);
