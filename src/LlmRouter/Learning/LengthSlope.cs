namespace LlmRouter;

/// <summary>
/// How a model's quality changes with prompt length among one prompt's neighbours: a weighted least-squares line of quality
/// on log word count (a locally weighted linear regression, the usual refinement of a nearest-neighbour average), used to
/// move the prediction for a prompt longer or shorter than its neighbours. Among word problems the longer take more steps
/// and the weaker model fails them more often; among one subject's questions length says nothing. So the slope is kept
/// only as far as the neighbours support it: it is shrunk by its own noise (positive-part James–Stein,
/// <c>keep = max(0, 1 − shrinkage / t²)</c> with <c>t</c> the slope over its standard error), and is gone where the
/// neighbours show no clear trend.
/// </summary>
/// <remarks>One pass over the neighbours, no allocation: only weighted first and second moments are summed.</remarks>
internal struct LengthSlope
{
    /// <summary>How many of the neighbours' standard deviations of length a prompt's own may differ from their mean and move it.</summary>
    internal const double MaxSpread = 2;

    private double _w, _wx, _wy, _wxx, _wxy, _wyy, _ww, _wwx, _wwxx;

    /// <summary>Adds one neighbour's outcome.</summary>
    /// <param name="weight">The neighbour's weight.</param>
    /// <param name="logLength">The neighbour's <see cref="LogLength"/>.</param>
    /// <param name="quality">The model's quality on the neighbour.</param>
    public void Add(double weight, double logLength, double quality)
    {
        _w += weight;
        _wx += weight * logLength;
        _wy += weight * quality;
        _wxx += weight * logLength * logLength;
        _wxy += weight * logLength * quality;
        _wyy += weight * quality * quality;
        var ww = weight * weight;
        _ww += ww;
        _wwx += ww * logLength;
        _wwxx += ww * logLength * logLength;
    }

    /// <summary>The change in quality the line predicts for a prompt of <paramref name="logLength"/>, after shrinkage.</summary>
    /// <param name="logLength">The prompt's <see cref="LogLength"/>.</param>
    /// <param name="shrinkage">How many squared standard errors the slope gives up (0 keeps it whole).</param>
    public readonly double Adjustment(double logLength, double shrinkage)
    {
        if (_w <= 0)
        {
            return 0;
        }

        var meanX = _wx / _w;
        var meanY = _wy / _w;
        var sxx = _wxx - (_w * meanX * meanX); // Σ w (x − x̄)²
        var sxy = _wxy - (_w * meanX * meanY);
        if (sxx <= 1e-12 * _w || sxy == 0)
        {
            return 0; // every neighbour has the same length, or no trend at all
        }

        var syy = _wyy - (_w * meanY * meanY);
        var slope = sxy / sxx;

        // Var(slope) = σ² Σ w² (x − x̄)² / (Σ w (x − x̄)²)², σ² the weighted mean squared residual.
        var residual = Math.Max(0, syy - (slope * sxy)) / _w;
        var wwsxx = _wwxx - (2 * meanX * _wwx) + (meanX * meanX * _ww);
        var variance = residual * wwsxx / (sxx * sxx);
        var keep = variance > 0 ? Math.Max(0, 1 - (shrinkage * variance / (slope * slope))) : 1;

        // A line says little beyond the lengths it was fitted on: a prompt far shorter or longer than its neighbours (a
        // greeting among exam questions) moves no further than MaxSpread of their standard deviations.
        var spread = MaxSpread * Math.Sqrt(sxx / _w);
        return keep * slope * Math.Clamp(logLength - meanX, -spread, spread);
    }

    /// <summary>The length measure the line is fitted on: the natural log of one plus the number of words.</summary>
    /// <param name="text">The prompt.</param>
    public static double LogLength(ReadOnlySpan<char> text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if (!space && !inWord)
            {
                words++;
            }

            inWord = !space;
        }

        return Math.Log(1 + words);
    }
}
