#!/usr/bin/env bash
# tcpwhy against tshark on generated captures (issue 12): wall time, peak RSS and ratios.
#
#   scripts/bench-vs-tshark.sh [SIZE...]      SIZE: 100k, 1m, 5m (default: all three)
#
# For each size: writes a synthetic capture (every close style in turn: orderly, reset,
# refused, unanswered, close-wait; 1000 connections open at once, 5000 for 5m), then runs
# in alternation, ROUNDS times (env, default 1):
#   tcpwhy analyze F --format jsonl      tshark -r F -q -z conv,tcp      tcpwhy analyze F
# each with its output to /dev/null, measured by /usr/bin/time -v (wall, peak RSS). The 5m
# capture runs tcpwhy under -Xmx256m (the memory goal). Then `tcpwhy bench` on the 1m
# capture gives the engine's frames/s next to the read-only ceiling.
#
# Env: BENCH_DIR (captures, default /tmp/tcpwhy-bench, kept for reruns and made
#      again when the generator changed), ROUNDS,
#      TCPWHY_JAVA_OPTS (passed through to the launcher, e.g. -Xmx1g).
# Exit status: 0 when every run finished, 1 when one failed (its line says so).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
dir="${BENCH_DIR:-/tmp/tcpwhy-bench}"
rounds="${ROUNDS:-1}"
sizes=("$@")
[[ ${#sizes[@]} -eq 0 ]] && sizes=(100k 1m 5m)

if [[ ! -x /usr/bin/time ]]; then
  echo "installing GNU time (for peak RSS)..." >&2
  apt-get install -y -qq time >/dev/null || { echo "bench: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
fi
command -v tshark >/dev/null || { echo "bench: tshark is needed (apt-get install tshark)" >&2; exit 2; }
mkdir -p "$dir"
"$root/tcpwhy" --version >/dev/null # builds the jar and the class data archive first, outside the timings

# Frames per connection averaged over the five close styles: (10 + 6 + 2 + 3 + 7) / 5 = 5.6.
connections_for() { echo $(( $1 * 5 / 28 )); }
frames_of() { case "$1" in 100k) echo 100000 ;; 1m) echo 1000000 ;; 5m) echo 5000000 ;;
  *) echo "bench: unknown size '$1' (expected 100k, 1m or 5m)" >&2; exit 2 ;; esac; }

failed=0
# run LABEL FILE CMD...: prints "LABEL wall_s rss_mb status", output to /dev/null.
run() {
  local label="$1"; shift
  local log; log="$(mktemp)"
  local status=0
  /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$log.err" || status=$?
  local wall rss
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")"
  rss="$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")"
  if [[ $status -ne 0 ]]; then
    failed=1
    echo "$label $wall $rss exit=$status: $(tail -1 "$log.err")"
  else
    echo "$label $wall $rss ok"
  fi
  rm -f "$log" "$log.err"
}

results="$(mktemp)"
for size in "${sizes[@]}"; do
  frames="$(frames_of "$size")"
  conns="$(connections_for "$frames")"
  concurrency=1000
  java_opts="${TCPWHY_JAVA_OPTS:-}"
  if [[ "$size" == 5m ]]; then
    concurrency=5000
    java_opts="${TCPWHY_JAVA_OPTS:--Xmx256m}"
  fi
  file="$dir/synthetic-$size-c$concurrency.pcap"
  # Made again when the generator changed after it (a capture kept from an older generator
  # would measure other traffic than the README describes).
  if [[ ! -f "$file" || -n "$(find "$root/analyzer/src/main/java/io/tcpwhy/bench" -newer "$file" -name '*.java' -print -quit)" ]]; then
    echo "generating $file ($conns connections, $concurrency open at once)..." >&2
    "$root/tcpwhy" bench "$file" --generate "$conns" --concurrency "$concurrency" --close-styles all \
      --generate-only >&2
  fi
  for ((r = 1; r <= rounds; r++)); do
    echo "round $r/$rounds on $size..." >&2
    TCPWHY_JAVA_OPTS="$java_opts" run "$size jsonl" "$root/tcpwhy" analyze "$file" --format jsonl >>"$results"
    run "$size tshark" tshark -r "$file" -q -z conv,tcp >>"$results"
    TCPWHY_JAVA_OPTS="$java_opts" run "$size text" "$root/tcpwhy" analyze "$file" >>"$results"
  done
done

echo
echo "tcpwhy vs tshark -q -z conv,tcp ($(nproc) cores; best of $rounds round(s); tcpwhy -Xmx256m on 5m)"
printf '%-6s %-7s %9s %9s %12s %12s  %s\n' size tool wall_s rss_MiB "tshark/wall" "rss/tshark" status
for size in "${sizes[@]}"; do
  best() { awk -v k="$size $1" '$1" "$2==k && $5=="ok" {if (b=="" || $3<b) {b=$3; m=$4}} END {print b" "m}' "$results"; }
  read -r ts_wall ts_rss <<<"$(best tshark)"
  for tool in jsonl text tshark; do
    read -r wall rss <<<"$(best "$tool")"
    if [[ -z "$wall" ]]; then
      printf '%-6s %-7s %s\n' "$size" "$tool" "$(awk -v k="$size $tool" '$1" "$2==k {$1=$2=$3=$4=""; print; exit}' "$results")"
      continue
    fi
    speed="-"; mem="-"
    if [[ -n "$ts_wall" ]]; then
      speed="$(awk -v a="$ts_wall" -v b="$wall" 'BEGIN {printf "%.2fx", (b > 0 ? a / b : 0)}')"
      mem="$(awk -v a="$rss" -v b="$ts_rss" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')"
    fi
    printf '%-6s %-7s %9s %9s %12s %12s  ok\n' "$size" "$tool" "$wall" "$rss" "$speed" "$mem"
  done
done
echo "goals: jsonl >= 8x faster than tshark with rss/tshark <= 0.5; text >= 4x; 5m completes under -Xmx256m"
rm -f "$results"

engine_file="$dir/synthetic-1m-c1000.pcap"
if [[ -f "$engine_file" ]]; then
  echo
  echo "engine (tcpwhy bench, warmed; goal: analyze >= 3,000,000 frames/s):"
  "$root/tcpwhy" bench "$engine_file" --runs 3 || failed=1
fi
exit "$failed"
