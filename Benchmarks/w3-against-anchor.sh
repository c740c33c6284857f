#!/bin/bash
# W3 against APScheduler in the same minutes. Each round runs the anchor's fastest variant
# (asyncio_async) at JOBS jobs (default 50,000; the anchor's own cases are 10,000 and
# 50,000), then this binary's task_async and task_async_no_history, in alternating order,
# 2 s apart; prints each round's ratios and their medians.
# With PINNED=1, each round also runs both variants with Swift's cooperative threads pinned
# to distinct vCPUs (Benchmarks/pin-threads.sh), to measure what the kernel's placement of
# those threads costs; see docs/Benchmarks.md, W3. The floors are the unpinned figures.
# Needs the anchors' venv (/tmp/apsvenv, made by ../shared/bench/run_anchors.sh).
#
#   [PINNED=1] Benchmarks/w3-against-anchor.sh ROUNDS BINARY [JOBS] [ANCHOR_DIRECTORY]
set -euo pipefail
rounds=$1; binary=$2; jobs=${3:-50000}; anchor=${4:-../shared/bench}
pin="$(cd "$(dirname "$0")" && pwd)/pin-threads.sh"
results=$(mktemp -d); trap 'rm -rf "$results"' EXIT
cases="task_async task_async_no_history"
[[ ${PINNED:-0} == 1 ]] && cases="$cases pinned:task_async pinned:task_async_no_history"
for round in $(seq 1 "$rounds"); do
  (cd "$anchor" && /tmp/apsvenv/bin/python w3_dispatch.py --ns "$jobs" --variants asyncio_async) > "$results/anchor_$round.json"
  sleep 2
  order=$cases
  if (( round % 2 == 0 )); then order=""; for case in $cases; do order="$case $order"; done; fi
  for case in $order; do
    variant=${case#pinned:}
    if [[ $case == pinned:* ]]; then
      "$pin" 0.6 default-qos "$binary" --child w3 "$variant" "$jobs" 1.5 > "$results/${case/:/_}_$round.json"
    else
      "$binary" --child w3 "$variant" "$jobs" 1.5 > "$results/${case}_$round.json"
    fi
    sleep 2
  done
done
python3 - "$rounds" "$results" $cases <<'PY'
import json, statistics, sys
rounds, directory, cases = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
ratios = {case: [] for case in cases}
for round_ in range(1, rounds + 1):
    anchor = max(r["jobs_per_sec"] for r in json.load(open(f"{directory}/anchor_{round_}.json"))["results"])
    line = f"round {round_}: APScheduler {anchor:,} jobs/s"
    for case in cases:
        rate = json.load(open(f"{directory}/{case.replace(':', '_')}_{round_}.json"))["jobs_per_sec"]
        ratios[case].append(rate / anchor)
        line += f" | {case} {rate:,} ({rate / anchor:.1f}x)"
    print(line)
for case, values in ratios.items():
    print(f"{case}: median {statistics.median(values):.1f}x ({min(values):.1f}-{max(values):.1f}x)")
PY
