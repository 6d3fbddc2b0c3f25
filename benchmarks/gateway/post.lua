-- wrk: the same chat completion request to every target. The Portkey headers route Portkey to the mock upstream;
-- LlmRouter's gateway and the mock ignore them.
wrk.method = "POST"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench-upstream"
wrk.headers["x-portkey-provider"] = "openai"
wrk.headers["x-portkey-custom-host"] = os.getenv("MOCK_BASE") or "http://127.0.0.1:9101/v1"
