using Microsoft.Extensions.AI;

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

    private static async Task<OutcomeIndex> IndexAsync(IReadOnlyList<RoutingOutcome> outcomes)
    {
        var store = new InMemoryRoutingOutcomeStore();
        await store.AddAsync(outcomes);
        var index = new OutcomeIndex(store, new HashingEmbeddingGenerator(), SmartRoutingSettings.Default);
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
