// The official `openai` npm package, unchanged, against the LlmRouter gateway. Driven by
// tests/LlmRouter.AspNetCore.Tests (Clients/OpenAINodeSdkTests), which starts the gateway over providers replaying wire
// payloads on loopback and scripts the upstream in the order of the scenarios below. Exits non-zero on the first failure.
import assert from "node:assert/strict";
import OpenAI from "openai";

const baseURL = process.env.GATEWAY_URL;
const apiKey = process.env.GATEWAY_KEY;
assert.ok(baseURL && apiKey, "GATEWAY_URL and GATEWAY_KEY must be set");
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 30_000 });
const results = [];
const step = async (name, body) => {
  await body();
  results.push(name);
  console.log(`ok ${name}`);
};

await step("chat", async () => {
  const { data, response } = await client.chat.completions
    .create({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] })
    .withResponse();
  assert.equal(data.object, "chat.completion");
  assert.equal(data.choices[0].message.content, "Hello from upstream");
  assert.equal(data.choices[0].finish_reason, "stop");
  assert.equal(data.model, "openai/gpt-4o-mini");
  assert.equal(data.usage.prompt_tokens, 12);
  assert.equal(response.headers.get("x-llmrouter-provider"), "openai");
  assert.equal(response.headers.get("x-llmrouter-model"), "gpt-4o-mini");
  assert.ok(Number(response.headers.get("x-llmrouter-cost")) > 0);
});

await step("stream", async () => {
  const stream = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Hi" }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = "";
  let usage = null;
  let finish = null;
  for await (const chunk of stream) {
    for (const choice of chunk.choices) {
      text += choice.delta?.content ?? "";
      finish = choice.finish_reason ?? finish;
    }
    usage = chunk.usage ?? usage;
  }
  assert.equal(text, "Hello world");
  assert.equal(finish, "stop");
  assert.equal(usage.prompt_tokens, 9);
  assert.equal(usage.completion_tokens, 4);
});

await step("tools", async () => {
  const tools = [{
    type: "function",
    function: {
      name: "GetPersonAge",
      description: "Gets the age of the specified person.",
      parameters: { type: "object", properties: { personName: { type: "string" } }, required: ["personName"] },
    },
  }];
  const messages = [{ role: "user", content: "How old is Alice?" }];
  const first = await client.chat.completions.create({ model: "openai/gpt-4o-mini", messages, tools });
  const call = first.choices[0].message.tool_calls[0];
  assert.equal(first.choices[0].finish_reason, "tool_calls");
  assert.equal(call.function.name, "GetPersonAge");
  assert.deepEqual(JSON.parse(call.function.arguments), { personName: "Alice" });
  messages.push(first.choices[0].message, { role: "tool", tool_call_id: call.id, content: "42" });
  const second = await client.chat.completions.create({ model: "openai/gpt-4o-mini", messages, tools });
  assert.equal(second.choices[0].message.content, "Alice is 42.");
});

await step("json_schema", async () => {
  const completion = await client.chat.completions.create({
    model: "openai/gpt-4o-mini",
    messages: [{ role: "user", content: "Weather in Oslo as JSON" }],
    response_format: {
      type: "json_schema",
      json_schema: {
        name: "weather",
        strict: true,
        schema: { type: "object", properties: { city: { type: "string" }, temp: { type: "number" } }, required: ["city", "temp"], additionalProperties: false },
      },
    },
  });
  assert.deepEqual(JSON.parse(completion.choices[0].message.content), { city: "Oslo", temp: 9 });
});

await step("embeddings", async () => {
  // The SDK asks for base64 by default and decodes it.
  const result = await client.embeddings.create({ model: "openai/text-embedding-3-small", input: ["hello world", "goodbye"] });
  assert.equal(result.data.length, 2);
  assert.deepEqual(Array.from(result.data[0].embedding), [0.25, -0.5, 1]);
  assert.deepEqual(Array.from(result.data[1].embedding), [0, 0.125, -1]);
  const floats = await client.embeddings.create({ model: "openai/text-embedding-3-small", input: "hello world", encoding_format: "float" });
  assert.deepEqual(floats.data[0].embedding, [0.25, -0.5, 1]);
});

await step("models", async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  assert.ok(ids.includes("auto"));
  assert.ok(ids.includes("openai/gpt-4o-mini"));
  assert.ok(!ids.some((id) => id.startsWith("gemini/")));
  const one = await client.models.retrieve("openai/gpt-4o-mini");
  assert.equal(one.id, "openai/gpt-4o-mini");
});

const expectStatus = async (status, errorClass, call) => {
  try {
    await call();
  } catch (e) {
    assert.ok(e instanceof OpenAI.APIError, `expected an APIError, got ${e}`);
    assert.equal(e.status, status, `expected ${status}, got ${e.status}: ${e.message}`);
    if (errorClass) assert.ok(e instanceof errorClass, `expected ${errorClass.name} for ${status}, got ${e.constructor.name}`);
    assert.ok(e.error?.message, "the error envelope has a message");
    assert.ok(!String(e.error.message).includes("   at "), "no stack trace");
    return e;
  }
  assert.fail(`expected HTTP ${status}`);
};

const hi = [{ role: "user", content: "Hi" }];
await step("errors", async () => {
  await expectStatus(400, OpenAI.BadRequestError, () => client.chat.completions.create({ model: "openai/gpt-4o-mini", messages: hi, temperature: 3 }));
  const wrong = new OpenAI({ baseURL, apiKey: "sk-not-a-gateway-key-000000", maxRetries: 0 });
  await expectStatus(401, OpenAI.AuthenticationError, () => wrong.chat.completions.create({ model: "openai/gpt-4o-mini", messages: hi }));
  const notFound = await expectStatus(404, OpenAI.NotFoundError, () => client.chat.completions.create({ model: "gpt-4o-mimi", messages: hi }));
  assert.equal(notFound.code, "model_not_found");
  await expectStatus(413, null, () => client.chat.completions.create({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "x".repeat(8192) }] }));
  const limited = await expectStatus(429, OpenAI.RateLimitError, () => client.chat.completions.create({ model: "openai/gpt-4o-mini", messages: hi }));
  assert.equal(limited.headers.get("retry-after"), "7");
  await expectStatus(502, OpenAI.InternalServerError, () => client.chat.completions.create({ model: "openai/gpt-4o-mini", messages: hi }));
  await expectStatus(503, OpenAI.InternalServerError, () => client.chat.completions.create({ model: "openai/gpt-4o-mini", messages: hi }));
});

console.log(JSON.stringify({ passed: results }));
