namespace LlmRouter.Tests.Router;

/// <summary>Runs alone: its tests read process-wide counters (unobserved task exceptions, the managed heap) that other tests would disturb.</summary>
[CollectionDefinition(nameof(FaultInjectionCollection), DisableParallelization = true)]
public sealed class FaultInjectionCollection;
