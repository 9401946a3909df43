#!/usr/bin/env bash
# The JSON writers alone (issue 12): scripts/JsonWriterBench.java on the connections of one
# capture, for this checkout and optionally another build (a worktree of main, built with
# mvn package), alternately, RUNS times each. The JVM flags are the launcher's for large
# inputs, so that the JIT inlines as it does in a real run.
#
#   scripts/json-writer-bench.sh                                   # generated 100k-frame capture
#   CAPTURE=/tmp/tcpwhy-bench/synthetic-100k-c1000.pcap RUNS=3 scripts/json-writer-bench.sh /tmp/jf-base
#   LAYOUTS=jsonl scripts/json-writer-bench.sh /tmp/jf-base         # one layout only (comma-separated list)
#   PAIRED=1 ROUNDS=20 scripts/json-writer-bench.sh /tmp/jf-base    # both builds in one JVM, round by round
#
# Prints, per build and layout, the CPU time per connection (median of ROUNDS rounds after
# WARMUP rounds) and the bytes per second it stands for. Bounded: RUNS x (WARMUP + ROUNDS)
# passes over the held connections.
#
# PAIRED=1 (with another build): scripts/JsonWriterPaired.java instead, per layout, once:
# both builds' writers in one JVM, alternated round by round, and the median ratio of
# their CPU per connection (this checkout / the other build). On a machine with heavy steal
# time the ratio of rounds taken a second apart is the figure to trust; whole runs one
# after the other differed by more than the changes measured.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
capture="${CAPTURE:-/tmp/tcpwhy-bench/synthetic-100k-c1000.pcap}"
runs="${RUNS:-3}"
warmup="${WARMUP:-5}"
rounds="${ROUNDS:-7}"
layouts="${LAYOUTS:-jsonl,json,json --pretty}"
builds=("$root")
[[ $# -gt 0 ]] && builds=("$1" "$root")

if [[ ! -f "$capture" ]]; then
  mkdir -p "$(dirname "$capture")"
  "$root/tcpwhy" bench --generate 17000 --concurrency 1000 --close-styles all --generate-only "$capture" >&2
fi
for build in "${builds[@]}"; do
  [[ -f "$build/cli/target/tcpwhy.jar" ]] || { echo "json-writer-bench: no $build/cli/target/tcpwhy.jar (mvn -B -q package -DskipTests there)" >&2; exit 2; }
done
jvm=(java -XX:+UseParallelGC -Xmn64m -XX:FreqInlineSize=100 -XX:InlineSmallCode=500)
if [[ "${PAIRED:-0}" == 1 ]]; then
  [[ ${#builds[@]} -eq 2 ]] || { echo "json-writer-bench: PAIRED=1 needs another build to compare with" >&2; exit 2; }
  IFS=, read -r -a each <<<"$layouts"
  for layout in "${each[@]}"; do
    "${jvm[@]}" "$root/scripts/JsonWriterPaired.java" "$capture" "$warmup" "$rounds" "$layout" "${builds[0]}" "${builds[1]}"
  done
  exit 0
fi
for ((run = 1; run <= runs; run++)); do
  for build in "${builds[@]}"; do
    echo "== run $run: $build"
    "${jvm[@]}" -cp "$build/cli/target/tcpwhy.jar" "$root/scripts/JsonWriterBench.java" "$capture" "$warmup" "$rounds" "$layouts"
  done
done
