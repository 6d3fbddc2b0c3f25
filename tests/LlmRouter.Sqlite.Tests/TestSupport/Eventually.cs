using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Sqlite.Tests.TestSupport;

/// <summary>Drives a fake clock until an operation succeeds, without sleeping on the real clock beyond a yield per step.</summary>
internal static class Eventually
{
    /// <summary>Retries <paramref name="operation"/>, advancing <paramref name="time"/> by <paramref name="step"/> after each
    /// <typeparamref name="TException"/>, until it succeeds; fails the test after <paramref name="maxSteps"/> steps.</summary>
    public static async Task SucceedsAsync<TException>(FakeTimeProvider time, TimeSpan step, Func<Task> operation, int maxSteps = 2_000)
        where TException : Exception
    {
        for (var i = 0; ; i++)
        {
            try
            {
                await operation();
                return;
            }
            catch (TException) when (i < maxSteps)
            {
                time.Advance(step);
                await Task.Delay(1);
            }
        }
    }
}
