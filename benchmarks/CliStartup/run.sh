#!/usr/bin/env bash
# Start-up of `llmrouter models list` against an empty .NET console app, both timed in one run (DESIGN / issue 10: at most 2x).
#
# Builds the baseline (benchmarks/CliStartup/EmptyConsole, the `dotnet new console` template) and packs the tool for this machine's
# platform exactly as it ships (ReadyToRun, RID-specific package), installs it into a temporary tool path, then times, interleaved:
#   empty console app | llmrouter models list | llmrouter models list --json
# from an empty working directory (no appsettings.json) with no LlmRouter__ variables, output discarded.
#
# usage: benchmarks/CliStartup/run.sh [--runs N] [--warmup N] [--hyperfine]
#   --hyperfine  time with hyperfine (apt-get install hyperfine) instead of the interleaving Python timer.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
runs=40; warmup=5; timer=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --hyperfine) timer=(--hyperfine); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 ;; Linux-aarch64) rid=linux-arm64 ;; Darwin-arm64) rid=osx-arm64 ;;
  *) echo "no tool package for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -n 1)"

echo "building the empty console app and packing llmrouter ($rid, ReadyToRun) ..." >&2
dotnet build "$here/EmptyConsole" -c Release -o "$work/empty" >/dev/null
dotnet pack "$repo/src/LlmRouter.Cli" -c Release -o "$work/pack" -p:RuntimeIdentifiers="$rid" >/dev/null
dotnet tool install --tool-path "$work/tools" --add-source "$work/pack" LlmRouter.Cli --version "$version" >/dev/null

mkdir "$work/cwd" && cd "$work/cwd"
for v in $(env | sed -n 's/^\(LlmRouter__[^=]*\)=.*/\1/ip'); do unset "$v"; done
"$work/tools/llmrouter" models list --json | python3 -m json.tool >/dev/null   # it works before it is timed

echo "$(nproc) cores, $(dotnet --version) SDK, runtime $(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \([^ ]*\).*/\1/p' | tail -n 1); $runs runs each after $warmup warm-ups" >&2
python3 "$here/measure.py" --runs "$runs" --warmup "$warmup" --limit 2 "${timer[@]}" \
  --label "empty console app" -- "$work/empty/EmptyConsole" \
  --label "llmrouter models list" -- "$work/tools/llmrouter" models list \
  --label "llmrouter models list --json" -- "$work/tools/llmrouter" models list --json
