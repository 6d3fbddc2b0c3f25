using BenchmarkDotNet.Running;

namespace LlmRouter.Benchmarks;

/// <summary>
/// Runs the BenchmarkDotNet suites (pass BenchmarkDotNet arguments, e.g. <c>--filter '*'</c>), or the routing-quality evaluation:
/// <c>routing-quality --train … --test … [--out …]</c> as DESIGN §10 spells it (<c>--routing-quality</c> works too).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] is "routing-quality" or "--routing-quality")
        {
            return RoutingQuality.RoutingQualityCommand.RunAsync(args).GetAwaiter().GetResult();
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }
}
