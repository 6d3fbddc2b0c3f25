using Microsoft.Extensions.AI;
using NSubstitute;

namespace LlmRouter.Tests.Learning;

/// <summary>The outcome index's calibration: what "similar" means, measured on the recorded prompts themselves.</summary>
public class OutcomeIndexTests
{
    private static readonly ModelDescriptor Weak = new("lab", "weak", ModelTier.Fast) { Pricing = new ModelPricing(0.6m, 0.6m) };
    private static readonly ModelDescriptor Strong = new("lab", "strong", ModelTier.Frontier) { Pricing = new ModelPricing(10m, 30m) };

    private static readonly string[] Countries = ["France", "Spain", "Italy", "Germany", "Poland", "Norway", "Sweden", "Japan", "Kenya", "Chile", "Canada", "Egypt", "Greece", "Turkey", "India", "Brazil", "Mexico", "Ghana", "Nepal", "Cuba"];

    private static readonly string[] Unlike =
    [
        "Write a short poem about the autumn sea.",
        "Help me write a cover letter for a barista job at a small cafe.",
        "Suggest a vegetarian lasagne recipe for twelve guests, with a shopping list.",
        "Draft a polite email declining a meeting invitation.",
    ];

    /// <summary>140 prompts on two topics: the weak model is right on geography and wrong on calculus.</summary>
    private static List<RoutingOutcome> TwoTopics()
    {
        var outcomes = new List<RoutingOutcome>();
        void Add(string prompt, double weak)
        {
            outcomes.Add(new RoutingOutcome(prompt, Weak.Key, weak));
            outcomes.Add(new RoutingOutcome(prompt, Strong.Key, 1.0));
        }

        foreach (var country in Countries)
        {
            Add($"What is the capital city of {country}? Answer with the city's name.", 1.0);
            Add($"Which currency is used in {country} today, and since when?", 1.0);
            Add($"Name the longest river that flows through {country}.", 1.0);
            Add($"Which languages are official in {country}?", 1.0);
        }

        for (var n = 2; n < 62; n++)
        {
            Add($"Compute the derivative of x^{n} * sin({n + 1}x) with respect to x, showing each step of the product rule.", 0.0);
        }

        return outcomes;
    }

    private static async Task<OutcomeIndex> IndexAsync(
        IReadOnlyList<RoutingOutcome> outcomes, SmartRoutingSettings? settings = null, IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
    {
        var store = new InMemoryRoutingOutcomeStore();
        await store.AddAsync(outcomes);
        var index = new OutcomeIndex(store, embedder ?? new HashingEmbeddingGenerator(), settings ?? SmartRoutingSettings.Default);
        await index.CatchUpAsync(default);
        return index;
    }

    [Fact]
    public async Task OutcomeIndex_FewPrompts_KeepsTheDefaultFloorAndNoEvidenceGate()
    {
        using var index = await IndexAsync(TwoTopics().Take(40).ToList());

        Assert.Equal(NeighbourhoodCalibration.Uncalibrated(SmartRoutingSettings.Default), index.Calibration);
    }

    [Fact]
    public async Task OutcomeIndex_EnoughPrompts_MeasuresTheFloorAndTheEvidenceGate()
    {
        using var index = await IndexAsync(TwoTopics());

        var calibration = index.Calibration;
        Assert.Equal(140, calibration.Prompts);
        Assert.InRange(calibration.Floor, 0.0, 0.5);
        Assert.True(calibration.MinEvidence > 0, $"evidence gate {calibration.MinEvidence}");
    }

    [Fact]
    public async Task OutcomeIndex_PromptsUnlikeAnythingRecorded_AreAllPredictedAlikeFromTheMeans()
    {
        using var index = await IndexAsync(TwoTopics());

        foreach (var prompt in Unlike)
        {
            var predictions = await index.PredictAsync(prompt, [Weak, Strong], default);

            Assert.Equal(0, predictions[0].Evidence);
            Assert.Equal(80.0 / 140, predictions[0].Quality, 9); // the weak model's mean: right on 80 prompts of 140
            Assert.Equal(1.0, predictions[1].Quality, 9);
        }
    }

    [Fact]
    public async Task OutcomeIndex_PromptsLikeTheRecordedOnes_StillLearnFromTheirNeighbours()
    {
        using var index = await IndexAsync(TwoTopics());

        var geography = await index.PredictAsync("What is the capital city of Peru? Answer with the city's name.", [Weak, Strong], default);
        var calculus = await index.PredictAsync("Compute the derivative of x^70 * sin(3x) with respect to x, showing each step of the product rule.", [Weak, Strong], default);

        Assert.True(geography[0].Quality > 0.8, $"geography predicted {geography[0].Quality}");
        Assert.True(calculus[0].Quality < 0.2, $"calculus predicted {calculus[0].Quality}");
    }

    [Fact]
    public async Task OutcomeIndex_WeakModelFailingTheLongerPromptsOfATopic_FollowsTheLengthSlope()
    {
        // One topic, where the embedder sees every prompt as the same: the neighbours' mean cannot tell a long question from
        // a short one. The weak model answers the short ones (6 to 10 words) and fails most of the long ones (40 to 44
        // words); the strong model answers all. Only the neighbours' length slope tells the two new questions apart.
        var outcomes = new List<RoutingOutcome>();
        for (var i = 0; i < 60; i++)
        {
            var longer = i % 2 == 1;
            var prompt = $"q{i} " + string.Join(' ', Enumerable.Repeat("word", (longer ? 40 : 6) + (i % 5)));
            outcomes.Add(new RoutingOutcome(prompt, Weak.Key, longer ? (i % 10 == 1 ? 1 : 0) : 1));
            outcomes.Add(new RoutingOutcome(prompt, Strong.Key, 1));
        }

        using var index = await IndexAsync(outcomes, embedder: OneTopic());
        using var withoutSlope = await IndexAsync(outcomes, SmartRoutingSettings.Default with { SlopeShrinkage = double.PositiveInfinity }, OneTopic());
        var shortQuestion = "new " + string.Join(' ', Enumerable.Repeat("word", 7));
        var longQuestion = "new " + string.Join(' ', Enumerable.Repeat("word", 42));

        var shortNew = await index.PredictAsync(shortQuestion, [Weak, Strong], default);
        var longNew = await index.PredictAsync(longQuestion, [Weak, Strong], default);
        var byMean = await withoutSlope.PredictAsync(longQuestion, [Weak, Strong], default);

        Assert.True(longNew[0].Evidence > 0, "predicted from its neighbours, not the means");
        Assert.Equal(byMean[0].Quality, (await withoutSlope.PredictAsync(shortQuestion, [Weak, Strong], default))[0].Quality, 9); // the mean alone: alike
        Assert.InRange(byMean[0].Quality, 0.5, 0.65);
        Assert.True(longNew[0].Quality < 0.25, $"weak on the long one: {longNew[0].Quality}");
        Assert.True(shortNew[0].Quality > 0.9, $"weak on the short one: {shortNew[0].Quality}");
        Assert.Equal(1.0, longNew[1].Quality, 9); // the strong model is right whatever the length: no slope to follow
        Assert.Equal(1.0, shortNew[1].Quality, 9);
    }

    [Fact]
    public async Task OutcomeIndex_LengthUnrelatedToQuality_MovesNoPrediction()
    {
        // The same topic and lengths, but the weak model's misses fall on short and long questions alike.
        var outcomes = new List<RoutingOutcome>();
        for (var i = 0; i < 60; i++)
        {
            var prompt = $"q{i} " + string.Join(' ', Enumerable.Repeat("word", (i % 2 == 1 ? 40 : 6) + (i % 5)));
            outcomes.Add(new RoutingOutcome(prompt, Weak.Key, i % 4 < 2 ? 1 : 0));
            outcomes.Add(new RoutingOutcome(prompt, Strong.Key, 1));
        }

        using var index = await IndexAsync(outcomes, embedder: OneTopic());
        var shortNew = await index.PredictAsync("new " + string.Join(' ', Enumerable.Repeat("word", 7)), [Weak, Strong], default);
        var longNew = await index.PredictAsync("new " + string.Join(' ', Enumerable.Repeat("word", 42)), [Weak, Strong], default);

        Assert.Equal(shortNew[0].Quality, longNew[0].Quality, 9);
    }

    /// <summary>An embedder that puts every text on one point: every recorded prompt is an equally close neighbour.</summary>
    private static IEmbeddingGenerator<string, Embedding<float>> OneTopic()
    {
        var embedder = Substitute.For<IEmbeddingGenerator<string, Embedding<float>>>();
        embedder.GenerateAsync(Arg.Any<IEnumerable<string>>(), Arg.Any<EmbeddingGenerationOptions?>(), Arg.Any<CancellationToken>())
            .Returns(call => new GeneratedEmbeddings<Embedding<float>>(call.Arg<IEnumerable<string>>().Select(_ => new Embedding<float>(new float[] { 0.6f, 0.8f }))));
        return embedder;
    }

    [Fact]
    public async Task OutcomeIndex_GrowingByAQuarter_MeasuresAgain()
    {
        var outcomes = TwoTopics();
        var store = new InMemoryRoutingOutcomeStore();
        await store.AddAsync(outcomes.Take(200).ToList()); // 100 prompts
        using var index = new OutcomeIndex(store, new HashingEmbeddingGenerator(), SmartRoutingSettings.Default);
        await index.CatchUpAsync(default);
        Assert.Equal(100, index.Calibration.Prompts);

        await store.AddAsync(outcomes.Skip(200).Take(20).ToList()); // 110 prompts: not a quarter more
        await index.CatchUpAsync(default);
        Assert.Equal(100, index.Calibration.Prompts);

        await store.AddAsync(outcomes.Skip(220).ToList()); // 140 prompts: 40 % more
        await index.CatchUpAsync(default);
        Assert.Equal(140, index.Calibration.Prompts);
    }
}
