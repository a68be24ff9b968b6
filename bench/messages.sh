#!/usr/bin/env bash
# Benchmark: wrk against POST /api/messages on loopback, replies (the help card) going to a
# local sink. Prints activities/s, p50/p99 latency, replies delivered, idle memory, the time
# from process start to healthy and the bot's CPU time per activity (less noisy than RPS on a
# shared machine). The bot runs with its shipped configuration (appsettings.json log levels).
# Usage: bench/messages.sh [seconds=20] [connections=10]; NO_BUILD=1 skips publishing (bench/publish.sh: Release, ReadyToRun, into artifacts/publish); WARMUP=seconds
# (default 5) of unmeasured load first, so the figures are the JIT-compiled steady state, not the first seconds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration="${1:-20}"; connections="${2:-10}"
# Keep the logs of the last run for a look.
keep_logs() { mkdir -p "$root/artifacts/bench" && cp "$work"/*.out "$root/artifacts/bench/" 2>/dev/null || true; }
source "$root/bench/common.sh"
sink_count() { curl -fs "http://127.0.0.1:$sink_port/count" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

start_sink
# The database elsewhere (fresh each run).
start_bot --Storage:SqlitePath "$work/data/expertbot.db"
# Idle: two seconds after becoming healthy, with the worker polling and nothing to do.
sleep 2
idle_kb=$(awk '/VmRSS/ {print $2}' "/proc/$bot_pid/status")

warmup="${WARMUP:-5}"
warm_accepted=0
if (( warmup > 0 )); then
  run_wrk messages warm "$warmup" "$work/warmup.out"
  warm_accepted=$(awk '/^ACCEPTED/ {print $2}' "$work/warmup.out")
fi
# Replies of the warm-up still on their way count toward it, not toward the measured CPU.
for _ in $(seq 1 100); do warm_seen=$(sink_count replies); (( warm_seen >= warm_accepted )) && break; sleep 0.1; done
cpu_before=$(cpu_ticks "$bot_pid")
run_wrk messages measured "$duration" "$work/wrk.out" --latency
accepted=$(( $(awk '/^ACCEPTED/ {print $2}' "$work/wrk.out") + warm_accepted ))

# Every acknowledged activity must produce exactly one reply: wait (bounded) for the queue to
# drain, then until the count stops moving (requests wrk abandoned at the end of the run may
# still have been stored, and so are answered too: at most one per connection).
replies=0; last=-1
for _ in $(seq 1 600); do
  replies=$(sink_count replies)
  [[ "$replies" -ge "$accepted" && "$replies" -eq "$last" ]] && break
  last=$replies
  sleep 0.2
done
cpu_after=$(cpu_ticks "$bot_pid")
distinct=$(sink_count distinct); duplicates=$(sink_count duplicates)
loaded_kb=$(awk '/VmRSS/ {print $2}' "/proc/$bot_pid/status")
cpu_us=$(( (cpu_after - cpu_before) * 1000000 / $(getconf CLK_TCK) ))

echo "== ExpertBot /api/messages benchmark (${duration}s, $connections connections, reply = help card) =="
echo "MACHINE $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
grep -E "^(RPS|P50_MS|P99_MS|ERRORS)" "$work/wrk.out"
echo "ACCEPTED $accepted (warm-up $warm_accepted, measured $((accepted - warm_accepted)))"
echo "REPLIES_DELIVERED $replies (distinct $distinct, duplicates $duplicates)"
echo "BOT_CPU_US_PER_ACTIVITY $(( cpu_us / (replies - warm_seen > 0 ? replies - warm_seen : 1) ))"
echo "START_TO_HEALTHY_MS $healthy_ms"
echo "IDLE_RSS_MB $((idle_kb / 1024))"
echo "RSS_AFTER_LOAD_MB $((loaded_kb / 1024))"
status=0
grep -q "status=0 " "$work/wrk.out" || { echo "Some requests were not answered 200" >&2; status=1; }
[[ "$duplicates" -eq 0 ]] || { echo "DUPLICATED $duplicates replies" >&2; status=1; }
(( replies >= accepted )) || { echo "LOST $((accepted - replies)) replies" >&2; status=1; }
(( replies <= accepted + 2 * connections )) || { echo "$((replies - accepted)) more replies than acknowledged activities (+ one in flight per connection and run)" >&2; status=1; }
exit $status
