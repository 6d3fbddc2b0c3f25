namespace LlmRouter;

/// <summary>Raised when every route of a request's plan and fallback chain failed.</summary>
/// <remarks><see cref="LlmException.Kind"/> is the kind of the last error; <see cref="Attempts"/> lists every attempt in order.</remarks>
public sealed class AllRoutesFailedException : LlmException
{
    /// <summary>Initializes a new instance of the <see cref="AllRoutesFailedException"/> class.</summary>
    /// <param name="attempts">Every attempt made, in order.</param>
    /// <param name="lastError">The last error, whose kind, provider and model this exception carries.</param>
    public AllRoutesFailedException(IReadOnlyList<RouteAttempt> attempts, LlmException lastError)
        : base(lastError?.Kind ?? LlmErrorKind.Unknown, BuildMessage(attempts), lastError)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        ArgumentNullException.ThrowIfNull(lastError);
        Attempts = attempts;
        Provider = lastError.Provider;
        Model = lastError.Model;
        StatusCode = lastError.StatusCode;
        RetryAfter = lastError.RetryAfter;
    }

    /// <summary>Gets every attempt made, in order, with its error.</summary>
    public IReadOnlyList<RouteAttempt> Attempts { get; }

    private static string BuildMessage(IReadOnlyList<RouteAttempt>? attempts)
    {
        if (attempts is null || attempts.Count == 0)
        {
            return "All routes failed.";
        }

        var sb = new System.Text.StringBuilder();
        sb.Append("All routes failed after ").Append(attempts.Count).Append(attempts.Count == 1 ? " attempt:" : " attempts:");
        foreach (var a in attempts)
        {
            sb.AppendLine().Append("  ").Append(a.Provider).Append('/').Append(a.Model)
              .Append(": ").Append(a.Error?.ToString() ?? "ok")
              .Append(" after ").Append((int)a.Duration.TotalMilliseconds).Append(" ms");
            if (!string.IsNullOrEmpty(a.ErrorMessage))
            {
                sb.Append(" — ").Append(a.ErrorMessage);
            }
        }

        return sb.ToString();
    }
}
