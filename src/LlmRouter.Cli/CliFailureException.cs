namespace LlmRouter.Cli;

/// <summary>A runtime failure the CLI explains itself (no provider configured, a store misconfigured): exit code 1, the message on standard error.</summary>
internal sealed class CliFailureException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CliFailureException"/> class.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public CliFailureException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CliFailureException"/> class.</summary>
    public CliFailureException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CliFailureException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CliFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
