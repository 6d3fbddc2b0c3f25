namespace LlmRouter.Tests.Learning;

/// <summary>The local length slope: a weighted line of quality on log length, kept only as far as the points support it.</summary>
public class LengthSlopeTests
{
    [Fact]
    public void LengthSlope_ExactLine_IsKeptWhole()
    {
        var slope = default(LengthSlope);
        for (var x = 1; x <= 5; x++)
        {
            slope.Add(weight: x, logLength: x, quality: 0.9 - (0.1 * x)); // q = 0.9 − 0.1 x, no noise
        }

        var meanX = (1.0 + 4 + 9 + 16 + 25) / 15; // weighted mean length
        Assert.Equal(-0.1 * (6 - meanX), slope.Adjustment(6, shrinkage: 2), 9);
        Assert.Equal(0, slope.Adjustment(meanX, shrinkage: 2), 9);
    }

    [Fact]
    public void LengthSlope_ClearTrend_MovesLongerPromptsDownAndShorterOnesUp()
    {
        var slope = default(LengthSlope);
        for (var i = 0; i < 60; i++)
        {
            var longer = i % 2 == 0;
            var quality = longer ? (i % 10 == 0 ? 1.0 : 0.0) : (i % 10 == 1 ? 0.0 : 1.0); // long mostly wrong, short mostly right
            slope.Add(1, longer ? Math.Log(60) : Math.Log(20), quality);
        }

        var atLong = slope.Adjustment(Math.Log(60), shrinkage: 2);
        var atShort = slope.Adjustment(Math.Log(20), shrinkage: 2);
        Assert.InRange(atLong, -0.4, -0.25);  // the raw half-gap is −0.3; shrinkage takes a little of it
        Assert.InRange(atShort, 0.25, 0.4);
    }

    [Fact]
    public void LengthSlope_PromptFarOutsideTheNeighboursLengths_MovesNoFurtherThanTwoDeviations()
    {
        var slope = default(LengthSlope);
        for (var x = 1; x <= 5; x++)
        {
            slope.Add(weight: 1, logLength: x, quality: 0.9 - (0.1 * x)); // mean 3, standard deviation √2
        }

        var edge = 3 + (LengthSlope.MaxSpread * Math.Sqrt(2));
        Assert.Equal(-0.1 * (edge - 3), slope.Adjustment(edge, shrinkage: 2), 9);
        Assert.Equal(slope.Adjustment(edge, shrinkage: 2), slope.Adjustment(50, shrinkage: 2), 9); // a far longer prompt: no further
        Assert.Equal(-slope.Adjustment(edge, shrinkage: 2), slope.Adjustment(-50, shrinkage: 2), 9);
    }

    [Fact]
    public void LengthSlope_TrendWithinTheNoise_IsDropped()
    {
        var slope = default(LengthSlope);
        double[] qualities = [1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1]; // short: 1,1,0,0,1,1 (4 of 6), long: 0,0,1,1,0,1 (3 of 6)
        for (var i = 0; i < qualities.Length; i++)
        {
            slope.Add(1, i % 2 == 0 ? Math.Log(20) : Math.Log(60), qualities[i]);
        }

        Assert.NotEqual(0, slope.Adjustment(Math.Log(60), shrinkage: 0)); // the least-squares line does slope
        Assert.Equal(0, slope.Adjustment(Math.Log(60), shrinkage: 2));    // but by far less than its noise
    }

    [Fact]
    public void LengthSlope_NoPointsOrOneLength_MovesNothing()
    {
        var empty = default(LengthSlope);
        var oneLength = default(LengthSlope);
        oneLength.Add(1, 3, 1);
        oneLength.Add(1, 3, 0);

        Assert.Equal(0, empty.Adjustment(5, shrinkage: 2));
        Assert.Equal(0, oneLength.Adjustment(5, shrinkage: 2));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("one", 1)]
    [InlineData(" two  words\t", 2)]
    [InlineData("three\nlines\r\nhere", 3)]
    public void LengthSlope_LogLength_CountsWordsBetweenWhiteSpace(string text, int words)
    {
        Assert.Equal(Math.Log(1 + words), LengthSlope.LogLength(text), 12);
    }
}
