using System.Globalization;
using System.Text;

namespace LlmRouter.Benchmarks.RoutingQuality;

/// <summary>Draws PGR against the share of strong calls as an SVG line chart, one line per curve.</summary>
internal static class QualityChart
{
    private const int Width = 640;
    private const int Height = 440;
    private const int Left = 60;
    private const int Right = 20;
    private const int Top = 40;
    private const int Bottom = 50;

    public static string Render(string title, IReadOnlyList<(string Name, string Colour, QualityCurve Curve)> lines)
    {
        // PGR runs from 0 to 1 for a router between the two models, and beyond 1 in hindsight (the weak model is sometimes right
        // where the strong one is wrong): the axis covers every curve, in steps of 0.2.
        var top = Math.Ceiling(Math.Max(1.0, lines.Max(l => l.Curve.Pgr.Max())) * 5) / 5;
        var bottom = Math.Floor(Math.Min(0.0, lines.Min(l => l.Curve.Pgr.Min())) * 5) / 5;
        double Y(double pgr) => Height - Bottom - ((pgr - bottom) / (top - bottom) * (Height - Top - Bottom));
        var svg = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        svg.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(inv, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append(inv, $"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>\n");
        for (var tick = 0; tick <= 100; tick += 20)
        {
            var x = X(tick);
            svg.Append(inv, $"<line x1=\"{x:0.#}\" y1=\"{Top}\" x2=\"{x:0.#}\" y2=\"{Height - Bottom}\" stroke=\"#eee\"/>\n");
            svg.Append(inv, $"<text x=\"{x:0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{tick}%</text>\n");
        }

        for (var pgr = bottom; pgr <= top + 1e-9; pgr += 0.2)
        {
            var y = Y(pgr);
            svg.Append(inv, $"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\" stroke=\"#eee\"/>\n");
            svg.Append(inv, $"<text x=\"{Left - 8}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{pgr:0.0}</text>\n");
        }

        svg.Append(inv, $"<text x=\"{Width / 2}\" y=\"{Height - 12}\" text-anchor=\"middle\">share of calls to the strong model</text>\n");
        svg.Append(inv, $"<text x=\"16\" y=\"{Height / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {Height / 2})\">PGR (performance gap recovered)</text>\n");
        svg.Append(inv, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"none\" stroke=\"#999\"/>\n");
        for (var i = 0; i < lines.Count; i++)
        {
            var (name, colour, curve) = lines[i];
            var points = string.Join(" ", Enumerable.Range(0, 101).Select(s => string.Create(inv, $"{X(s):0.##},{Y(curve.Pgr[s]):0.##}")));
            svg.Append(inv, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{points}\"/>\n");
            var ly = Top + 16 + (i * 16);
            svg.Append(inv, $"<line x1=\"{Left + 12}\" y1=\"{ly - 4}\" x2=\"{Left + 32}\" y2=\"{ly - 4}\" stroke=\"{colour}\" stroke-width=\"2\"/>\n");
            svg.Append(inv, $"<text x=\"{Left + 38}\" y=\"{ly}\">{Escape(name)} (APGR {curve.Apgr:0.000})</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static double X(double share) => Left + (share / 100.0 * (Width - Left - Right));

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
