#!/usr/bin/env python3
"""Times whole commands, interleaved round-robin so that a busy machine slows every command alike.

usage: measure.py --runs N --warmup W [--limit X] --label NAME -- CMD ... [--label NAME -- CMD ...]
Prints one line per command (median, min, mean, stdev in ms), then each later command's ratio to the first (the baseline), then
one JSON object with the same numbers. With --limit X, exits 1 when a median ratio is above X.
With hyperfine on PATH and --hyperfine, hyperfine does the timing instead (its JSON export is summarised the same way).
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time

def parse(argv):
    runs, warmup, use_hyperfine, commands, label, limit = 40, 5, False, [], None, None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--runs": runs = int(argv[i + 1]); i += 2
        elif a == "--warmup": warmup = int(argv[i + 1]); i += 2
        elif a == "--hyperfine": use_hyperfine = True; i += 1
        elif a == "--limit": limit = float(argv[i + 1]); i += 2
        elif a == "--label": label = argv[i + 1]; i += 2
        elif a == "--":
            j = i + 1
            while j < len(argv) and argv[j] != "--label": j += 1
            commands.append((label or " ".join(argv[i + 1:j]), argv[i + 1:j])); label = None; i = j
        else: sys.exit(f"unknown argument {a}")
    return runs, warmup, use_hyperfine, commands, limit

def own_timing(runs, warmup, commands):
    times = {name: [] for name, _ in commands}
    for _ in range(warmup):
        for _, cmd in commands:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    for _ in range(runs):
        for name, cmd in commands:
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    return times

def hyperfine_timing(runs, warmup, commands):
    out = tempfile.mktemp(suffix=".json")
    args = ["hyperfine", "-N", "--warmup", str(warmup), "--runs", str(runs), "--export-json", out, "--style", "none"]
    for name, cmd in commands:
        args += ["--command-name", name, " ".join(cmd)]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    data = json.load(open(out)); os.remove(out)
    return {r["command"]: r["times"] for r in data["results"]}

def main():
    runs, warmup, use_hyperfine, commands, limit = parse(sys.argv[1:])
    if use_hyperfine and shutil.which("hyperfine") is None:
        use_hyperfine = False
    times = hyperfine_timing(runs, warmup, commands) if use_hyperfine else own_timing(runs, warmup, commands)
    summary = {"timer": "hyperfine" if use_hyperfine else "measure.py", "runs": runs, "commands": {}}
    for name, _ in commands:
        t = [x * 1000 for x in times[name]]
        s = {"median": statistics.median(t), "min": min(t), "mean": statistics.mean(t), "stdev": statistics.stdev(t)}
        summary["commands"][name] = s
        print(f"{name:28} median {s['median']:7.1f} ms   min {s['min']:7.1f} ms   mean {s['mean']:7.1f} ± {s['stdev']:5.1f} ms")
    base_name = commands[0][0]
    base = summary["commands"][base_name]
    ok = True
    for name, _ in commands[1:]:
        s = summary["commands"][name]
        ratio, ratio_min = s["median"] / base["median"], s["min"] / base["min"]
        s["ratio"], s["ratioMin"] = ratio, ratio_min
        verdict = "" if limit is None else ("  within" if ratio <= limit else "  OVER") + f" the {limit:g}x target"
        ok &= limit is None or ratio <= limit
        print(f"{name:28} {ratio:4.2f}x {base_name} (median), {ratio_min:4.2f}x (min){verdict}")
    print(json.dumps(summary))
    sys.exit(0 if ok else 1)

main()
