namespace LlmRouter.Benchmarks;

/// <summary>The texts of tests/Fixtures/tokens, embedded in this assembly.</summary>
internal static class TokenCorpus
{
    /// <summary>Reads a text by its file name without the extension (<c>english-prose</c>).</summary>
    public static string Read(string name)
    {
        var assembly = typeof(TokenCorpus).Assembly;
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(n => n.StartsWith($"tokens.{name}.", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No corpus text named '{name}' is embedded.");
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return reader.ReadToEnd();
    }

    /// <summary>Gets the first 1,024 characters of a text (one fewer when that would split a surrogate pair).</summary>
    public static string Kilobyte(string name)
    {
        var text = Read(name);
        var length = Math.Min(1_024, text.Length);
        return char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];
    }
}
