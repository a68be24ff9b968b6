# Shared by bench/messages.sh and bench/questions.sh (sourced, not run): the published app, the stand-in Bot Connector
# (bench/sink.js) and the bot started as deployed. The caller sets root and defines keep_logs (what to keep of a run).
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
# Logs (and a database) are kept after the processes stopped, so a database is whole.
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; keep_logs; rm -rf "$work"; }
trap cleanup EXIT

# APP=<folder> runs an app published elsewhere (bench/publish.sh <folder>), e.g. an earlier commit to compare with.
app="${APP:-$root/artifacts/publish}"
[[ "${NO_BUILD:-}" == 1 && -f "$app/ExpertBot.dll" ]] || "$root/bench/publish.sh" "$app"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
bot_port=$(free_port)
# utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Starts the sink; sets sink_port.
start_sink() {
  node "$root/bench/sink.js" 0 > "$work/sink.out" &
  pids+=($!)
  until grep -q "Listening on" "$work/sink.out" 2>/dev/null; do sleep 0.05; done
  sink_port=$(grep -o "[0-9]*$" "$work/sink.out" | head -1)
}

# Starts the bot with these extra arguments, as deployed: from the app's folder (its content root, so appsettings.json
# and its expert pools apply). Sets bot_pid and healthy_ms (exec to the first 200 on /healthz: a fresh database each
# run, so the migrations run too) and writes the pid for a profiler to attach to
# (DOTNET_PerfMapEnabled=1 bench/<name>.sh, then perf record -p "$(cat artifacts/bench/bot.pid)").
start_bot() {
  local start_ns
  start_ns=$(date +%s%N)
  (cd "$app" && exec dotnet ExpertBot.dll --urls "http://127.0.0.1:$bot_port" "$@") > "$work/bot.out" 2>&1 &
  bot_pid=$!
  pids+=($bot_pid)
  mkdir -p "$root/artifacts/bench" && echo "$bot_pid" > "$root/artifacts/bench/bot.pid"
  until curl -fs "http://127.0.0.1:$bot_port/healthz" >/dev/null 2>&1; do
    kill -0 "$bot_pid" 2>/dev/null || { cat "$work/bot.out" >&2; exit 1; }
    sleep 0.01
  done
  healthy_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
}

# One wrk run of bench/<script>.lua against the bot: run_wrk <script> <run id> <seconds> <output file> [more wrk options].
# The script's requests name the sink as their serviceUrl and carry the run id, so two runs never share activity ids.
run_wrk() {
  local script=$1 run=$2 seconds=$3 out=$4
  shift 4
  BENCH_DIR="$root/bench" RUN_ID=$run SINK_URL="http://127.0.0.1:$sink_port/_connector" \
    wrk -t2 -c"$connections" -d"${seconds}s" "$@" -s "$root/bench/$script.lua" "http://127.0.0.1:$bot_port" > "$out"
}
