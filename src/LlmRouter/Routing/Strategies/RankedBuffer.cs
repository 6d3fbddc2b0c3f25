using System.Runtime.CompilerServices;

namespace LlmRouter;

/// <summary>Room on the stack to rank a typical candidate list without renting an array.</summary>
[InlineArray(Length)]
internal struct RankedBuffer
{
    /// <summary>How many candidates fit.</summary>
    public const int Length = 16;

    private RankedModel _element;
}
