using System.Globalization;

namespace LlmRouter.Cli;

/// <summary>How <c>llmrouter</c> draws for people: colours, live progress, width.</summary>
/// <param name="Ansi">Whether to use ANSI escape codes (colour, cursor movement); <see langword="null"/> detects them.</param>
/// <param name="Interactive">Whether output is a terminal a person watches, so live progress and spinners make sense.</param>
/// <param name="InputIsTerminal">Whether input comes from a person typing (the interactive <c>chat</c> prompts then).</param>
/// <param name="Width">The width to draw tables in; <see langword="null"/> asks the terminal.</param>
internal sealed record ConsoleSettings(bool? Ansi, bool Interactive, bool InputIsTerminal, int? Width)
{
    /// <summary>The width tables are drawn in when output goes to a file or pipe and <c>COLUMNS</c> does not say.</summary>
    public const int RedirectedWidth = 160;

    /// <summary>The width used when the terminal does not tell its own.</summary>
    public const int DefaultWidth = 80;

    /// <summary>Gets the width to draw in: <see cref="Width"/>, else the terminal's, else 80 columns.</summary>
    /// <returns>The width in characters.</returns>
    public int ResolveWidth()
    {
        if (Width is { } width)
        {
            return width;
        }

        try
        {
            return System.Console.WindowWidth is > 0 and var w ? w : DefaultWidth;
        }
        catch (IOException)
        {
            return DefaultWidth;
        }
    }

    /// <summary>Detects the settings of the process's console.</summary>
    /// <param name="outputRedirected">Whether standard output goes to a file or pipe.</param>
    /// <param name="inputRedirected">Whether standard input comes from a file or pipe.</param>
    /// <param name="columns">The <c>COLUMNS</c> environment variable, or <see langword="null"/>.</param>
    /// <returns>The settings.</returns>
    public static ConsoleSettings Detect(bool outputRedirected, bool inputRedirected, string? columns)
    {
        int? width = int.TryParse(columns, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c is >= 40 and <= 1000 ? c
            : outputRedirected ? RedirectedWidth
            : null;
        return new(Ansi: null, Interactive: !outputRedirected, InputIsTerminal: !inputRedirected, Width: width);
    }
}
