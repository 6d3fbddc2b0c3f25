using System.Text;

namespace LlmRouter.Cli.Output;

/// <summary>
/// A plain table drawn in the same rounded box as Spectre.Console's, for <c>models list</c>: Spectre's first table costs more start-up
/// time (about 30 ms of loading and compiling for a hundred rows) than the command's whole budget. Cells never wrap; when the table is
/// wider than the terminal, the shrinkable columns are cut with <c>…</c>.
/// </summary>
internal sealed class TextTable
{
    private readonly List<TextColumn> _columns = [];
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a column.</summary>
    /// <param name="header">Its header.</param>
    /// <param name="rightAligned">Whether its cells are right-aligned (numbers).</param>
    /// <param name="shrinkable">Whether it may be cut to fit the width.</param>
    /// <returns>This table.</returns>
    public TextTable AddColumn(string header, bool rightAligned = false, bool shrinkable = false)
    {
        _columns.Add(new TextColumn(header, rightAligned, shrinkable));
        return this;
    }

    /// <summary>Adds a row.</summary>
    /// <param name="cells">One text per column; line breaks become spaces.</param>
    /// <returns>This table.</returns>
    /// <exception cref="ArgumentException">The number of cells is not the number of columns.</exception>
    public TextTable AddRow(params string[] cells)
    {
        if (cells.Length != _columns.Count)
        {
            throw new ArgumentException($"The table has {_columns.Count} columns; got {cells.Length} cells.", nameof(cells));
        }

        _rows.Add([.. cells.Select(c => c.ReplaceLineEndings(" "))]);
        return this;
    }

    /// <summary>Draws the table.</summary>
    /// <param name="output">Where to draw it.</param>
    /// <param name="width">The most characters a line may take.</param>
    /// <param name="unicode">Whether to draw the box with Unicode lines (else ASCII).</param>
    public void Write(TextWriter output, int width, bool unicode)
    {
        var widths = new int[_columns.Count];
        for (var i = 0; i < widths.Length; i++)
        {
            widths[i] = _columns[i].Header.Length;
            foreach (var row in _rows)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        Fit(widths, width);
        var box = unicode ? Box.Rounded : Box.Ascii;
        var text = new StringBuilder();
        Border(text, widths, box.TopLeft, box.TopJoin, box.TopRight, box.Horizontal);
        Line(text, widths, [.. _columns.Select(c => c.Header)], box.Vertical);
        Border(text, widths, box.MidLeft, box.Cross, box.MidRight, box.Horizontal);
        foreach (var row in _rows)
        {
            Line(text, widths, row, box.Vertical);
        }

        Border(text, widths, box.BottomLeft, box.BottomJoin, box.BottomRight, box.Horizontal);
        output.Write(text.ToString());
    }

    // Each column takes its width plus 3 (a space either side and one border), the table one more border.
    private void Fit(int[] widths, int width)
    {
        var total = widths.Sum() + (3 * widths.Length) + 1;
        while (total > width)
        {
            var widest = -1;
            for (var i = 0; i < widths.Length; i++)
            {
                if (_columns[i].Shrinkable && widths[i] > TextColumn.MinimumWidth && (widest < 0 || widths[i] > widths[widest]))
                {
                    widest = i;
                }
            }

            if (widest < 0)
            {
                return;
            }

            widths[widest]--;
            total--;
        }
    }

    private static void Border(StringBuilder text, int[] widths, char left, char join, char right, char horizontal)
    {
        text.Append(left);
        for (var i = 0; i < widths.Length; i++)
        {
            text.Append(horizontal, widths[i] + 2).Append(i == widths.Length - 1 ? right : join);
        }

        text.Append('\n');
    }

    private void Line(StringBuilder text, int[] widths, string[] cells, char vertical)
    {
        text.Append(vertical);
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = cells[i].Length <= widths[i] ? cells[i] : cells[i][..(widths[i] - 1)] + "…";
            text.Append(' ');
            if (_columns[i].RightAligned)
            {
                text.Append(' ', widths[i] - cell.Length).Append(cell);
            }
            else
            {
                text.Append(cell).Append(' ', widths[i] - cell.Length);
            }

            text.Append(' ').Append(vertical);
        }

        text.Append('\n');
    }

    private sealed record TextColumn(string Header, bool RightAligned, bool Shrinkable)
    {
        public const int MinimumWidth = 8;
    }

    private sealed record Box(char TopLeft, char TopJoin, char TopRight, char MidLeft, char Cross, char MidRight, char BottomLeft, char BottomJoin, char BottomRight, char Horizontal, char Vertical)
    {
        public static readonly Box Rounded = new('╭', '┬', '╮', '├', '┼', '┤', '╰', '┴', '╯', '─', '│');

        public static readonly Box Ascii = new('+', '+', '+', '+', '+', '+', '+', '+', '+', '-', '|');
    }
}
