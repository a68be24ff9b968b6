#!/usr/bin/env bash
# Benchmark: wrk against POST /api/messages on loopback, replies (the help card) going to a
# local sink. Prints activities/s, p50/p99 latency, replies delivered, idle memory and the
# time from process start to healthy. Usage: bench/messages.sh [seconds=20] [connections=10]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration="${1:-20}"; connections="${2:-10}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
cleanup() { keep_logs; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
# Keep the logs of a failed run for a look.
keep_logs() { mkdir -p "$root/artifacts/bench" && cp "$work"/*.out "$root/artifacts/bench/" 2>/dev/null || true; }

dotnet build "$root/src/ExpertBot" -c Release -v quiet -nologo >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
bot_port=$(free_port)

node "$root/bench/sink.js" 0 > "$work/sink.out" &
pids+=($!)
until grep -q "Listening on" "$work/sink.out" 2>/dev/null; do sleep 0.05; done
sink_port=$(grep -o "[0-9]*$" "$work/sink.out" | head -1)

# Start to healthy: from exec to the first 200 on /healthz (a fresh SQLite database each run).
start_ns=$(date +%s%N)
(cd "$work" && exec dotnet "$root/src/ExpertBot/bin/Release/net10.0/ExpertBot.dll" --urls "http://127.0.0.1:$bot_port" \
  --Logging:LogLevel:Default=Warning --contentRoot "$work") > "$work/bot.out" 2>&1 &
bot_pid=$!
pids+=($bot_pid)
until curl -fs "http://127.0.0.1:$bot_port/healthz" >/dev/null 2>&1; do
  kill -0 "$bot_pid" 2>/dev/null || { cat "$work/bot.out" >&2; exit 1; }
  sleep 0.01
done
healthy_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
idle_kb=$(awk '/VmRSS/ {print $2}' "/proc/$bot_pid/status")

SINK_URL="http://127.0.0.1:$sink_port/_connector" wrk -t2 -c"$connections" -d"${duration}s" --latency \
  -s "$root/bench/messages.lua" "http://127.0.0.1:$bot_port" > "$work/wrk.out"
accepted=$(awk '/^ACCEPTED/ {print $2}' "$work/wrk.out")

# Every acknowledged activity must produce exactly one reply: wait (bounded) for the queue to drain.
replies=0
for _ in $(seq 1 600); do
  replies=$(curl -fs "http://127.0.0.1:$sink_port/count" | python3 -c 'import json,sys; print(json.load(sys.stdin)["replies"])')
  [[ "$replies" -ge "$accepted" ]] && break
  sleep 0.1
done
loaded_kb=$(awk '/VmRSS/ {print $2}' "/proc/$bot_pid/status")

echo "== ExpertBot /api/messages benchmark (${duration}s, $connections connections, reply = help card) =="
grep -E "^(RPS|P50_MS|P99_MS|ERRORS)" "$work/wrk.out"
echo "ACCEPTED $accepted"
echo "REPLIES_DELIVERED $replies"
echo "START_TO_HEALTHY_MS $healthy_ms"
echo "IDLE_RSS_MB $((idle_kb / 1024))"
echo "RSS_AFTER_LOAD_MB $((loaded_kb / 1024))"
[[ "$replies" -eq "$accepted" ]] || { echo "LOST $((accepted - replies)) replies" >&2; exit 1; }
