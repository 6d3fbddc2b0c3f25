using LlmRouter.Cli.Output;

namespace LlmRouter.Cli.Tests.Output;

public sealed class TextTableTests
{
    private static string Draw(TextTable table, int width, bool unicode = true)
    {
        var output = new StringWriter();
        table.Write(output, width, unicode);
        return output.ToString();
    }

    [Fact]
    public void TextTable_DrawsARoundedBoxWithAlignedColumns()
    {
        var table = new TextTable().AddColumn("Model").AddColumn("Price", rightAligned: true).AddRow("a/x", "$1.00").AddRow("b/long-name", "$10.00");

        Assert.Equal(
            """
            ╭─────────────┬────────╮
            │ Model       │  Price │
            ├─────────────┼────────┤
            │ a/x         │  $1.00 │
            │ b/long-name │ $10.00 │
            ╰─────────────┴────────╯

            """.ReplaceLineEndings("\n"),
            Draw(table, 200));
    }

    [Fact]
    public void TextTable_TooWide_CutsTheShrinkableColumnsOnly()
    {
        var table = new TextTable().AddColumn("Key").AddColumn("Notes", shrinkable: true).AddRow("openai/gpt-4o-mini", new string('n', 60));

        var lines = Draw(table, 50).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.All(lines, l => Assert.Equal(50, l.Length));
        Assert.Contains("│ openai/gpt-4o-mini │", lines[3], StringComparison.Ordinal);
        Assert.EndsWith("n… │", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void TextTable_WithoutUnicode_DrawsInAscii()
    {
        var text = Draw(new TextTable().AddColumn("A").AddRow("1"), 80, unicode: false);

        Assert.Equal("+---+\n| A |\n+---+\n| 1 |\n+---+\n", text);
    }

    [Fact]
    public void TextTable_RowOfTheWrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => new TextTable().AddColumn("A").AddRow("1", "2"));
}
