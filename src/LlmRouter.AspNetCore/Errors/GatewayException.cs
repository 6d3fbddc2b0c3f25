namespace LlmRouter.AspNetCore;

/// <summary>Stops a request with an error the gateway answers as is (a bad request, an unknown model), before any provider is called.</summary>
internal sealed class GatewayException : Exception
{
    public GatewayException(GatewayError error)
        : base(error.Message)
    {
        Error = error;
    }

    /// <summary>Gets the error to answer with.</summary>
    public GatewayError Error { get; }
}
