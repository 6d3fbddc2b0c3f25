namespace LlmRouter.Tests.TestSupport;

/// <summary>The texts of tests/Fixtures/tokens (copied to the output's <c>tokens/</c> folder), which token estimates are measured on.</summary>
internal static class TokenCorpus
{
    public const string EnglishProse = "english-prose.txt";
    public const string TechnicalMarkdown = "technical-markdown.md.txt";
    public const string CSharpCode = "csharp-code.cs.txt";
    public const string PythonCode = "python-code.py.txt";
    public const string Json = "json-data.json.txt";
    public const string ChineseProse = "chinese-prose.txt";
    public const string JapaneseProse = "japanese-prose.txt";
    public const string RussianProse = "russian-prose.txt";
    public const string EuropeanProse = "european-prose.txt";

    /// <summary>Gets every text's file name.</summary>
    public static IReadOnlyList<string> All { get; } =
        [EnglishProse, TechnicalMarkdown, CSharpCode, PythonCode, Json, ChineseProse, JapaneseProse, RussianProse, EuropeanProse];

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "tokens", name));
}
