#!/usr/bin/env bash
# Starts ExpertBot on http://127.0.0.1:3978 (auth off, loopback only) with the
# Microsoft 365 Agents Playground connected to it. Ctrl+C stops both.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
port_bot=3978
port_playground="${PLAYGROUND_PORT:-56150}"

(cd "$root/tests/e2e" && npm ci --no-audit --no-fund --silent --ignore-scripts)
(cd "$root/tab" && npm ci --no-audit --no-fund --silent --ignore-scripts)
dotnet build "$root/src/ExpertBot" -c Release -v quiet -nologo

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

dotnet run --no-build -c Release --project "$root/src/ExpertBot" -- --urls "http://127.0.0.1:$port_bot" &
pids+=($!)
until curl -fs "http://127.0.0.1:$port_bot/healthz" >/dev/null; do
  kill -0 "${pids[0]}" 2>/dev/null || { echo "ExpertBot failed to start" >&2; exit 1; }
  sleep 0.2
done

mkdir -p "$root/.run"
cd "$root/tests/e2e/playground"   # the Playground reads its config from the working directory
TEAMSAPPTESTER_BROWSER=none APPLICATION_INSIGHTS_NO_STATSBEAT=true \
M365_AGENTS_PLAYGROUND_LOGFILE="$root/.run/playground.log" \
node "$root/tests/e2e/node_modules/@microsoft/m365agentsplayground/cli.js" \
  --app-endpoint "http://127.0.0.1:$port_bot/api/messages" --channel-id msteams \
  --port "$port_playground" --disable-telemetry > "$root/.run/playground.out" 2>&1 &
pids+=($!)
until grep -q "Listening on" "$root/.run/playground.out" 2>/dev/null; do
  kill -0 "${pids[1]}" 2>/dev/null || { echo "Playground failed; see .run/playground.log" >&2; exit 1; }
  sleep 0.2
done
actual_port=$(grep -o "Listening on [0-9]*" "$root/.run/playground.out" | grep -o "[0-9]*$" | head -1)
echo
echo "ExpertBot:  http://127.0.0.1:$port_bot"
echo "Open the Agents Playground: http://localhost:${actual_port:-$port_playground}"
echo "Press Ctrl+C to stop both."
wait -n "${pids[@]}"
