namespace LlmRouter.Cli;

/// <summary>The command line asks for something that cannot be done as asked: exit code 2, the message on standard error.</summary>
internal sealed class CliUsageException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CliUsageException"/> class.</summary>
    /// <param name="message">What is wrong and how to put it right.</param>
    public CliUsageException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CliUsageException"/> class.</summary>
    public CliUsageException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CliUsageException"/> class.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
