namespace LlmRouter.Benchmarks;

/// <summary>Prompts for the classifier suite: a realistic ~2 KB request (prose, a short code block, a question) and a 50-character one.</summary>
internal static class Prompts
{
    /// <summary>Exactly 50 characters.</summary>
    public const string Short = "What is the capital of Australia? Answer briefly!!";

    /// <summary>About 2 KB: context in prose, a short C# block and the actual question.</summary>
    public const string TwoKilobytes = """
        Hi! I maintain the order service of a mid-sized online shop. We run on .NET with a PostgreSQL database, and since
        last week's release customers occasionally see an order confirmed twice: two rows in the orders table with the same
        cart id, created within a few milliseconds of each other. It only happens under load, roughly once in every few
        thousand checkouts, and never in our staging environment. We suspect the retry policy we added around the payment
        call, because the duplicates started with that release, but the payment provider only charges once, so the second
        row must come from our side. Here is the relevant part of the handler, trimmed down:

        ```csharp
        public async Task<Guid> PlaceOrderAsync(Cart cart, CancellationToken ct)
        {
            var existing = await _db.Orders.FirstOrDefaultAsync(o => o.CartId == cart.Id, ct);
            if (existing is not null) return existing.Id;

            var order = Order.From(cart);
            await _retry.ExecuteAsync(async token =>
            {
                await _payments.ChargeAsync(order.Total, cart.PaymentToken, token);
                _db.Orders.Add(order);
                await _db.SaveChangesAsync(token);
            }, ct);
            return order.Id;
        }
        ```

        The retry policy retries three times on timeouts and HTTP 5xx with exponential backoff. The load balancer also
        retries a request once when the upstream does not answer within thirty seconds, and the front end disables the
        checkout button only after the first response arrives. We have a unique index on the primary key but not on the
        cart id column. Could you explain step by step which interleavings of these retries can produce the duplicate rows,
        compare at least two ways to make the operation idempotent (for example a unique constraint with an upsert versus
        an idempotency key stored with the payment), and recommend one, taking into account that we must not charge a
        customer twice and that we cannot change the payment provider's API? Please keep the answer practical: our team is
        small and on call this weekend, so a fix we can ship safely this week matters more to us than the perfect design.
        """;
}
