using Spectre.Console;
using Spectre.Console.Rendering;

namespace LlmRouter.Cli.Output;

/// <summary>
/// Literal text for tables and lines. Data (model names, provider details, answers) is never parsed as Spectre markup, where
/// <c>[…]</c> would be a style and <c>:name:</c> an emoji (<c>LlmRouter:Providers:gemini:ApiKey</c> would lose its <c>:gemini:</c>).
/// </summary>
internal static class Cells
{
    /// <summary>Gets the style of secondary text (notes, summaries).</summary>
    public static Style Dim { get; } = new(Color.Grey);

    /// <summary>Gets the style of good news (configured, healthy, answered).</summary>
    public static Style Good { get; } = new(Color.Green);

    /// <summary>Gets the style of bad news (unhealthy, failed).</summary>
    public static Style Bad { get; } = new(Color.Red);

    /// <summary>Gets the style of highlights (cheapest, fastest).</summary>
    public static Style Highlight { get; } = new(Color.Yellow);

    /// <summary>Gets the style of labels and totals.</summary>
    public static Style Bold { get; } = new(decoration: Decoration.Bold);

    /// <summary>Makes text safe where Spectre.Console only takes markup (bar chart labels, progress descriptions): styles escaped, emoji codes broken.</summary>
    /// <param name="text">The text.</param>
    /// <returns>Markup that shows the text as it is (a zero-width space follows each colon).</returns>
    public static string MarkupLiteral(string text) => Markup.Escape(text).Replace(":", ":\u200B", StringComparison.Ordinal);

    /// <summary>Makes a literal cell.</summary>
    /// <param name="text">The text.</param>
    /// <param name="style">Its style, or <see langword="null"/>.</param>
    /// <returns>The cell.</returns>
    public static IRenderable Plain(string? text, Style? style = null) => new Text(text ?? string.Empty, style);

    /// <summary>Writes a literal line.</summary>
    /// <param name="console">The console.</param>
    /// <param name="text">The text.</param>
    /// <param name="style">Its style, or <see langword="null"/>.</param>
    public static void Line(IAnsiConsole console, string text, Style? style = null)
    {
        console.Write(new Text(text, style));
        console.WriteLine();
    }

    /// <summary>Makes a table whose column headers are literal.</summary>
    /// <param name="headers">The headers; a header ending in <c>&gt;</c> is right-aligned (the <c>&gt;</c> is dropped).</param>
    /// <returns>The table, with rounded borders.</returns>
    public static Table Table(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            var right = header.EndsWith('>');
            var column = new TableColumn(new Text(right ? header[..^1] : header, Bold));
            table.AddColumn(right ? column.RightAligned() : column);
        }

        return table;
    }

    /// <summary>Makes a two-column grid of labels and literal values.</summary>
    /// <param name="rows">Label and value of each row.</param>
    /// <returns>The grid.</returns>
    public static Grid Grid(IEnumerable<(string Label, string Value)> rows)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (label, value) in rows)
        {
            grid.AddRow(Plain(label, Bold), Plain(value));
        }

        return grid;
    }
}
