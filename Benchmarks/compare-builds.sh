#!/bin/bash
# Compares builds of hourglass-bench on W3 in rounds: each round runs every binary once, a
# second apart, starting with a different one each round. Prints each binary's median
# makespan and CPU per job, and the median and geometric mean of its per-round ratios to
# the first binary. Pass one binary twice to see how far identical builds come apart.
#
#   Benchmarks/compare-builds.sh ROUNDS BINARY...      (VARIANT=task_async JOBS=50000)
set -euo pipefail
rounds=$1; shift
binaries=("$@"); count=${#binaries[@]}
variant=${VARIANT:-task_async}; jobs=${JOBS:-50000}
results=$(mktemp); trap 'rm -f "$results"' EXIT
for round in $(seq 0 $((rounds - 1))); do
  for turn in $(seq 0 $((count - 1))); do
    index=$(( (round + turn) % count ))
    "${binaries[$index]}" --child w3 "$variant" "$jobs" 1.5 | python3 -c "
import json, sys; d = json.load(sys.stdin); print($round, $index, d['makespan_s'], d['burst_cpu_us_per_job'])" >> "$results"
    sleep 1
  done
done
python3 - "$results" "${binaries[@]}" <<'PY'
import collections, statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
names = sys.argv[2:]
runs = collections.defaultdict(dict)
for round_, index, makespan, cpu in rows:
    runs[int(round_)][int(index)] = (float(makespan), float(cpu))
for index, name in enumerate(names):
    makespans = [runs[r][index][0] for r in runs]
    cpus = [runs[r][index][1] for r in runs]
    line = f"{name}: makespan median {statistics.median(makespans) * 1000:.1f} ms, CPU per job {statistics.median(cpus):.2f} us"
    if index:
        m = [runs[r][index][0] / runs[r][0][0] for r in runs]
        c = [runs[r][index][1] / runs[r][0][1] for r in runs]
        line += (f" | to the first: makespan {statistics.median(m):.3f} (geometric mean {statistics.geometric_mean(m):.3f}),"
                 f" CPU {statistics.median(c):.3f} ({statistics.geometric_mean(c):.3f})")
    print(line)
PY
