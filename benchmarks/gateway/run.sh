#!/usr/bin/env bash
# The gateway benchmark: LlmRouter's gateway (samples/Gateway over LlmRouter.OpenAI) beside the Portkey gateway
# (@portkey-ai/gateway, started locally) and beside calling the mock upstream (benchmarks/MockUpstream) directly,
# all on loopback on this machine in one run. wrk sends the same chat completion to each:
#   added latency p50/p99 at concurrency 1 (over direct), and throughput at concurrency 64.
# Usage: benchmarks/gateway/run.sh [seconds per measurement, default 15]
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-15}
mock_port=${MOCK_PORT:-9101}
gateway_port=${GATEWAY_PORT:-9102}
portkey_port=${PORTKEY_PORT:-9103}
export MOCK_BASE="http://127.0.0.1:${mock_port}/v1"

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y wrk >/dev/null; else sudo apt-get install -y wrk >/dev/null; fi
fi
need node || { echo "node is needed for the Portkey gateway" >&2; exit 1; }
[ -d benchmarks/gateway/node_modules/@portkey-ai/gateway ] || npm ci --prefix benchmarks/gateway --no-audit --no-fund >/dev/null

for project in benchmarks/MockUpstream samples/Gateway; do dotnet build -c Release "$project" -v quiet -nologo >/dev/null; done

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

logs=$(mktemp -d)
dotnet benchmarks/MockUpstream/bin/Release/net10.0/MockUpstream.dll --urls "http://127.0.0.1:${mock_port}" >"$logs/mock.log" 2>&1 &
pids+=($!)
OPENAI_API_KEY=sk-bench-upstream OPENAI_BASE_URL="$MOCK_BASE" LlmRouter__Gateway__Simulate=false Logging__LogLevel__Default=Warning \
  dotnet samples/Gateway/bin/Release/net10.0/Gateway.dll --contentRoot "$PWD/samples/Gateway" --urls "http://127.0.0.1:${gateway_port}" >"$logs/gateway.log" 2>&1 &
pids+=($!)
NODE_ENV=production node benchmarks/gateway/node_modules/@portkey-ai/gateway/build/start-server.js --port="$portkey_port" --headless >"$logs/portkey.log" 2>&1 &
pids+=($!)

body='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}]}'
ready() {
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null -X POST "$1" -H 'Content-Type: application/json' -H 'Authorization: Bearer sk-bench-upstream' \
         -H 'x-portkey-provider: openai' -H "x-portkey-custom-host: $MOCK_BASE" -d "$body" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "$1 did not answer; logs in $logs" >&2; exit 1
}

declare -A url=(
  [direct]="http://127.0.0.1:${mock_port}/v1/chat/completions"
  [llmrouter]="http://127.0.0.1:${gateway_port}/v1/chat/completions"
  [portkey]="http://127.0.0.1:${portkey_port}/v1/chat/completions"
)
targets=(direct llmrouter portkey)
for t in "${targets[@]}"; do ready "${url[$t]}"; done

# wrk prints latencies as 123.00us, 1.23ms or 1.23s; in ms.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }
measure() { # target threads connections seconds -> "p50 p99 rps"
  local out
  out=$(wrk -t"$2" -c"$3" -d"$4s" --latency -s benchmarks/gateway/post.lua "${url[$1]}")
  if grep -q "Non-2xx" <<<"$out"; then echo "$1 answered errors:" >&2; echo "$out" >&2; exit 1; fi
  echo "$(ms "$(awk '$1=="50%"{print $2}' <<<"$out")") $(ms "$(awk '$1=="99%"{print $2}' <<<"$out")") $(awk '/Requests\/sec/{print $2}' <<<"$out")"
}

echo "warming up (JIT, connection pools) ..." >&2
for t in "${targets[@]}"; do wrk -t2 -c16 -d5s -s benchmarks/gateway/post.lua "${url[$t]}" >/dev/null; done

declare -A c1 c64
for t in "${targets[@]}"; do echo "concurrency 1: $t ($seconds s)" >&2; c1[$t]=$(measure "$t" 1 1 "$seconds"); done
for t in "${targets[@]}"; do echo "concurrency 64: $t ($seconds s)" >&2; c64[$t]=$(measure "$t" 2 64 "$seconds"); done

read -r d50 d99 _ <<<"${c1[direct]}"
echo
echo "$(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wrk $(wrk --version 2>&1 | head -1 | awk '{print $2}'), node $(node --version), Portkey gateway $(node -p "require('./benchmarks/gateway/node_modules/@portkey-ai/gateway/package.json').version"), ${seconds} s per measurement"
echo
echo "| target | p50 c=1 (ms) | p99 c=1 (ms) | added p50 (ms) | added p99 (ms) | req/s c=64 | p50 c=64 (ms) | p99 c=64 (ms) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for t in "${targets[@]}"; do
  read -r p50 p99 _ <<<"${c1[$t]}"
  read -r q50 q99 rps <<<"${c64[$t]}"
  added50=$(awk -v a="$p50" -v b="$d50" 'BEGIN{printf "%.3f", a-b}')
  added99=$(awk -v a="$p99" -v b="$d99" 'BEGIN{printf "%.3f", a-b}')
  [ "$t" = direct ] && { added50="—"; added99="—"; }
  printf "| %s | %s | %s | %s | %s | %.0f | %s | %s |\n" "$t" "$p50" "$p99" "$added50" "$added99" "$rps" "$q50" "$q99"
done
read -r _ _ lr <<<"${c64[llmrouter]}"
read -r _ _ pk <<<"${c64[portkey]}"
echo
awk -v a="$lr" -v b="$pk" 'BEGIN{printf "LlmRouter serves %.1fx the Portkey gateway'"'"'s throughput at concurrency 64.\n", a/b}'
