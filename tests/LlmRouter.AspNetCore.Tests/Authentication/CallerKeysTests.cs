using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LlmRouter.AspNetCore.Tests.Authentication;

public class CallerKeysTests
{
    private static CallerKeys Keys(params (string Key, string Tenant)[] keys)
    {
        var options = new LlmRouterGatewayOptions();
        foreach (var (key, tenant) in keys)
        {
            options.ApiKeys.Add(new GatewayApiKey { Key = key, Tenant = tenant });
        }

        return new CallerKeys(Microsoft.Extensions.Options.Options.Create(options));
    }

    private static HttpRequest Request(string header, string value)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[header] = value;
        return context.Request;
    }

    [Fact]
    public void Identify_WithoutConfiguredKeys_EveryoneIsAnonymous()
    {
        var keys = Keys();

        Assert.False(keys.Required);
        Assert.Same(GatewayCaller.Anonymous, keys.Identify(new DefaultHttpContext().Request));
    }

    [Fact]
    public void Identify_FindsTheTenantOfTheKey_FromBearerOrApiKey()
    {
        var keys = Keys(("sk-acme-0123456789abcdef", "acme"), ("sk-globex-0123456789abcdef", "globex"));

        Assert.Equal("globex", keys.Identify(Request("Authorization", "Bearer sk-globex-0123456789abcdef"))!.Tenant);
        Assert.Equal("acme", keys.Identify(Request("Authorization", "bearer  sk-acme-0123456789abcdef "))!.Tenant);
        Assert.Equal("acme", keys.Identify(Request("api-key", "sk-acme-0123456789abcdef"))!.Tenant);
    }

    [Theory]
    [InlineData("Authorization", "Bearer sk-acme-0123456789abcde")]
    [InlineData("Authorization", "Bearer sk-acme-0123456789abcdefg")]
    [InlineData("Authorization", "Basic sk-acme-0123456789abcdef")]
    [InlineData("Authorization", "sk-acme-0123456789abcdef")]
    [InlineData("Authorization", "Bearer ")]
    [InlineData("x-api-key", "sk-acme-0123456789abcdef")]
    public void Identify_AnythingButAListedKey_IsNobody(string header, string value)
    {
        var keys = Keys(("sk-acme-0123456789abcdef", "acme"));

        Assert.Null(keys.Identify(Request(header, value)));
    }

    [Fact]
    public void Find_LongKeys_AreHashedNotTruncated()
    {
        var longKey = new string('k', 1000);
        var keys = Keys((longKey, "acme"));

        Assert.Equal("acme", keys.Find(longKey)!.Tenant);
        Assert.Null(keys.Find(longKey[..999] + "j"));
    }
}
