#!/bin/bash
# A Linux diagnostic (taskset, /proc), not how the floors are measured: runs COMMAND and,
# DELAY seconds after it starts, pins each of its threads whose name contains PATTERN to
# one vCPU, taking the vCPUs in turn, so that the kernel cannot put two of them on one
# vCPU. Swift's cooperative threads are named "com.apple.root.default-qos" (shown as
# "...oot.default-qos"). Threads started after DELAY are not pinned. Prints the command's
# output.
#
#   Benchmarks/pin-threads.sh DELAY PATTERN COMMAND...
set -euo pipefail
delay=$1; pattern=$2; shift 2
cpus=$(nproc)
"$@" &
pid=$!
sleep "$delay"
cpu=0
for task in /proc/"$pid"/task/*; do
  name=$(cat "$task/comm" 2> /dev/null || true)
  if [[ $name == *"$pattern"* ]]; then
    taskset -p -c "$cpu" "${task##*/}" > /dev/null
    cpu=$(( (cpu + 1) % cpus ))
  fi
done
wait "$pid"
