namespace LlmRouter;

/// <summary>What a <see cref="PromptToken"/> is.</summary>
internal enum PromptTokenKind : byte
{
    /// <summary>A run of letters (and the combining marks inside it), hashed lower-cased.</summary>
    Word,

    /// <summary>A number: digits with optional thousands separators and a decimal part, hashed as <c>&lt;num&gt;</c> and its magnitude.</summary>
    Number,

    /// <summary>One math or currency symbol, e.g. <c>+</c>, <c>=</c>, <c>$</c>, <c>%</c>, <c>√</c>.</summary>
    Symbol,
}
