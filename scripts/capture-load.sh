#!/usr/bin/env bash
# Live-capture load benchmark (issue 10): short loopback connections at increasing rates,
# captured at the same time by tcpdump (-w FILE), by tcpwhy without -w and by tcpwhy with -w.
# Each capture runs alone against its own load run (as a user runs one tool); TOGETHER=1 runs
# the three at once against one load run, as the first version of this script did.
# For each rate: the rate the load generator achieved, and per capture the kernel (and tcpwhy
# ring) drops and the CPU it used while the load ran (% of one core). The CPU is measured
# after WARMUP_SECONDS (default 10) of the same load, so it is the steady state and not the
# JIT compiling tcpwhy in its first seconds; drops count from the start, warm-up included.
# At the end: the highest rate each sustained with zero drops.
#
#   sudo scripts/capture-load.sh                 # rates 1000 2000 3000 5000 8000, 10 s each
#   sudo scripts/capture-load.sh 3000 6000       # chosen rates
#   SECONDS_PER_RATE=10 WARMUP_SECONDS=5 TOGETHER=1 PORT=18090 sudo scripts/capture-load.sh
#   TOOLS="tcpdump tcpwhy" sudo scripts/capture-load.sh 1000 6000   # some of the captures only
#   BASELINE=/tmp/main/tcpwhy TOOLS="tcpdump baseline tcpwhy" sudo scripts/capture-load.sh
#       # 'baseline': the tcpwhy launcher of another checkout (no -w), run in turn with this one
#       # on the same machine: on a shared machine only figures taken side by side compare
#
# Needs root (capture), tcpdump, a JDK 17. Traffic only on 127.0.0.1; everything it starts it
# stops by pid; bounded: each load run ends by itself after RATE x SECONDS connections or
# SECONDS + 5 s.
set -euo pipefail
# Job control: each capture in a process group of its own with the signals a terminal would
# give it (without it bash starts background jobs with SIGINT and SIGQUIT ignored).
set -m

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
port="${PORT:-18090}"
secs="${SECONDS_PER_RATE:-10}"
warmup="${WARMUP_SECONDS:-10}"
if [[ $# -gt 0 ]]; then rates=("$@"); else rates=(1000 2000 3000 5000 8000); fi

[[ $EUID -eq 0 ]] || { echo "capture-load: live capture needs root" >&2; exit 4; }
command -v tcpdump >/dev/null || { echo "capture-load: tcpdump not found (apt-get install tcpdump)" >&2; exit 4; }

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

"$root/tcpwhy" --version >/dev/null            # builds the jar on first use
javac -d "$work" "$root/scripts/LoadGenerator.java"
tck="$(getconf CLK_TCK)"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Waits until FILE holds PATTERN (the capture is ready), at most 60 s.
ready() {
  for _ in $(seq 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "capture-load: no '$2' in $1:" >&2; cat "$1" >&2; return 1
}

# Drops from a capture's stderr: tcpdump's "N packets dropped by kernel", tcpwhy's statistics line.
drops() {
  case "$1" in
    tcpdump) awk '/dropped by kernel/ {print $1; f=1} END {if (!f) print "no-summary"}' "$2" ;;
    *) if grep -q "none dropped" "$2"; then echo 0; else
         sed -n 's/.*DROPPED: \([0-9]*\) by the kernel[^,]*, \([0-9]*\) by the interface\(, \([0-9]*\) by tcpwhy\)\{0,1\}.*/\1 \2 \4/p' "$2" \
           | awk '{print $1 + $2 + $3; f=1} END {if (!f) print "no-summary"}'; fi ;;
  esac
}

# start TOOL: starts one capture in the background (a child of this shell, so that it can be
# waited for), its stderr in $work/TOOL.err; its pid in $started.
start() {
  case "$1" in
    tcpdump) tcpdump -i lo -n -w "$work/tcpdump.pcap" "tcp port $port" >/dev/null 2>"$work/tcpdump.err" & ;;
    tcpwhy) "$root/tcpwhy" capture --port "$port" --format jsonl >/dev/null 2>"$work/tcpwhy.err" & ;;
    tcpwhy-w) "$root/tcpwhy" capture --port "$port" -w "$work/tcpwhy.pcap" --format jsonl >/dev/null \
        2>"$work/tcpwhy-w.err" & ;;
    baseline) "$BASELINE" capture --port "$port" --format jsonl >/dev/null 2>"$work/baseline.err" & ;;
  esac
  started=$!
}

# run_load RATE TOOL...: the captures start, WARMUP_SECONDS of load, then SECONDS_PER_RATE
# measured; sets achieved[RATE] and result[TOOL] ("drops cpu").
declare -A result achieved
run_load() {
  local rate="$1"; shift
  local tool
  declare -A pid t0 t1
  rm -f "$work"/*.pcap "$work"/*.err
  for tool in "$@"; do start "$tool"; pid[$tool]="$started"; pids+=("$started"); done
  for tool in "$@"; do
    if [[ "$tool" == tcpdump ]]; then ready "$work/$tool.err" "listening on"; else ready "$work/$tool.err" "^capturing"; fi
  done
  if [[ "$warmup" -gt 0 ]]; then java -cp "$work" LoadGenerator "$port" "$rate" "$warmup" >/dev/null; fi
  for tool in "$@"; do t0[$tool]="$(ticks "${pid[$tool]}")"; done
  local begin end load
  begin=$(date +%s.%N)
  load="$(java -cp "$work" LoadGenerator "$port" "$rate" "$secs")"
  end=$(date +%s.%N)
  for tool in "$@"; do t1[$tool]="$(ticks "${pid[$tool]}")"; done
  sleep 1                                     # the last verdicts and the kernel's tail
  # SIGTERM, which every capture takes as Ctrl-C: a script started in the background without
  # job control runs with SIGINT ignored, and its captures inherit that.
  kill -TERM "${pids[@]}"
  for p in "${pids[@]}"; do wait "$p" || true; done
  pids=()
  achieved[$rate]="$(awk '{print $4}' <<<"$load")"
  for tool in "$@"; do
    result[$tool]="$(drops "$tool" "$work/$tool.err") $(awk -v a="${t0[$tool]}" -v b="${t1[$tool]}" -v s="$begin" \
      -v e="$end" -v hz="$tck" 'BEGIN {printf "%.1f%%", 100 * (b - a) / hz / (e - s)}')"
  done
}

read -r -a tools <<<"${TOOLS:-tcpdump tcpwhy tcpwhy-w}"
for tool in "${tools[@]}"; do
  case "$tool" in
    tcpdump|tcpwhy|tcpwhy-w) ;;
    baseline) [[ -x "${BASELINE:-}" ]] || { echo "capture-load: 'baseline' needs BASELINE=/path/to/another/tcpwhy" >&2; exit 2; }
      "$BASELINE" --version >/dev/null ;;
    *) echo "capture-load: unknown capture '$tool' in TOOLS (expected tcpdump, tcpwhy, tcpwhy-w, baseline)" >&2; exit 2 ;;
  esac
done
declare -A best=([tcpdump]=0 [tcpwhy]=0 [tcpwhy-w]=0 [baseline]=0)
echo "each capture $([[ -n "${TOGETHER:-}" ]] && echo "together with the others" || echo alone), ${warmup} s warm-up, ${secs} s measured per rate"
# The machine's load: on a shared machine other work takes CPU from the captures (and the JIT).
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
header="$(printf '%-8s %-9s' rate achieved)"
for tool in "${tools[@]}"; do header+="$(printf ' | %-18s' "$tool drops cpu")"; done
echo "$header"
for rate in "${rates[@]}"; do
  low=""
  if [[ -n "${TOGETHER:-}" ]]; then
    run_load "$rate" "${tools[@]}"
  else
    for tool in "${tools[@]}"; do
      run_load "$rate" "$tool"
      # The lowest rate achieved over the three runs is the one shown.
      a="${achieved[$rate]%/s}"
      [[ -z "$low" || "$a" -lt "$low" ]] && low="$a"
    done
    achieved[$rate]="$low/s"
  fi
  line="$(printf '%-8s %-9s' "$rate" "${achieved[$rate]}")"
  for tool in "${tools[@]}"; do
    read -r d cpu <<<"${result[$tool]}"
    line+="$(printf ' | %-8s %-9s' "$d" "$cpu")"
    ok="$(awk -v a="${achieved[$rate]%/s}" -v r="$rate" 'BEGIN {print (a >= 0.95 * r) ? 1 : 0}')"
    if [[ "$d" == 0 && "$ok" == 1 && "$rate" -gt "${best[$tool]}" ]]; then best[$tool]=$rate; fi
  done
  echo "$line"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
line="highest rate with zero drops (connections/s):"
for tool in "${tools[@]}"; do line+=" $tool ${best[$tool]}"; done
echo "$line"
