#!/usr/bin/env bash
# Runs ALL tests. Installs what they need on a fresh Debian machine: PostgreSQL, Chromium
# and wrk (Debian packages), the pinned npm clients (Agents Playground, Web Chat,
# Adaptive Cards engine/renderer/schema validators, Agents Toolkit CLI) and NuGet packages.
set -euo pipefail
cd "$(dirname "$0")"
# Nothing here reads the terminal: with stdin at end-of-file no tool or child process can sit waiting for input
# (a CI runner's stdin may be a pipe that never closes).
exec </dev/null

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null || missing+=(chromium)
command -v wrk >/dev/null || missing+=(wrk)
if ((${#missing[@]})); then
  sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

# --ignore-scripts: nothing may download at install time (the Agents Toolkit CLI would try).
(cd tests/e2e && npm ci --no-audit --no-fund --ignore-scripts)
(cd tab && npm ci --no-audit --no-fund --ignore-scripts)
dotnet restore ExpertBot.sln
dotnet build ExpertBot.sln --no-restore -c Release
# Every test waits with a bound of its own; these are the backstops. --blame-hang-timeout kills a test host
# that sees no test start or finish for 5 minutes and names the test(s) it was running; `timeout` bounds
# the whole run. Either way the run fails with a reason instead of hanging.
timeout --kill-after=1m 40m \
  dotnet test ExpertBot.sln --no-build -c Release --logger "console;verbosity=normal" \
    --blame-hang-timeout 5m --blame-hang-dump-type none --results-directory artifacts/test-results
