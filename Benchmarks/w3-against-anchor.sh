#!/bin/bash
# W3 against APScheduler in the same minutes. Each round runs the anchor's fastest variant
# (asyncio_async) at JOBS jobs (default 50,000; the anchor's own cases are 10,000 and
# 50,000), then this binary's task_async and task_async_no_history, in alternating order,
# 2 s apart; prints each round's ratios and their medians.
# Needs the anchors' venv (/tmp/apsvenv, made by ../shared/bench/run_anchors.sh).
#
#   Benchmarks/w3-against-anchor.sh ROUNDS BINARY [JOBS] [ANCHOR_DIRECTORY]
set -euo pipefail
rounds=$1; binary=$2; jobs=${3:-50000}; anchor=${4:-../shared/bench}
results=$(mktemp -d); trap 'rm -rf "$results"' EXIT
for round in $(seq 1 "$rounds"); do
  (cd "$anchor" && /tmp/apsvenv/bin/python w3_dispatch.py --ns "$jobs" --variants asyncio_async) > "$results/anchor_$round.json"
  sleep 2
  if (( round % 2 )); then order="task_async task_async_no_history"; else order="task_async_no_history task_async"; fi
  for variant in $order; do
    "$binary" --child w3 "$variant" "$jobs" 1.5 > "$results/${variant}_$round.json"
    sleep 2
  done
done
python3 - "$rounds" "$results" <<'PY'
import json, statistics, sys
rounds, directory = int(sys.argv[1]), sys.argv[2]
ratios = {"task_async": [], "task_async_no_history": []}
for round_ in range(1, rounds + 1):
    anchor = max(r["jobs_per_sec"] for r in json.load(open(f"{directory}/anchor_{round_}.json"))["results"])
    line = f"round {round_}: APScheduler {anchor:,} jobs/s"
    for variant in ratios:
        rate = json.load(open(f"{directory}/{variant}_{round_}.json"))["jobs_per_sec"]
        ratios[variant].append(rate / anchor)
        line += f" | {variant} {rate:,} ({rate / anchor:.1f}x)"
    print(line)
for variant, values in ratios.items():
    print(f"{variant}: median {statistics.median(values):.1f}x ({min(values):.1f}-{max(values):.1f}x)")
PY
