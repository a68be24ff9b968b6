#!/usr/bin/env bash
# Crash test, long form (the short form runs in the suite: KillNineTests, 150 questions, 3 kills). Instances of the bot as
# separate processes on one PostgreSQL (a throwaway server started for the run) behind a round-robin; new questions,
# one in ten redelivered to another instance; kill -9 of a random instance at random moments (each started again at
# once) and a PostgreSQL crash-restart. Prints: activities acknowledged, questions per source activity, invitations
# and their jobs, lost, dead letters, duplicate sends (and the bound: what a killed instance can have in flight),
# and the time from an activity's first post to the asker's card (the longest is the take-over after a kill).
# Fails when anything was made twice, lost or dead-lettered. Needs PostgreSQL (./test.sh installs it).
# Usage: bench/crash.sh [questions=600] [kills=10] [instances=2]; CRASH_SEED=N repeats a run's kill points; NO_BUILD=1
# skips the build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[[ "${NO_BUILD:-}" == 1 ]] || dotnet build "$root/ExpertBot.sln" -c Release -v quiet -nologo >/dev/null
export CRASH_QUESTIONS="${1:-600}" CRASH_KILLS="${2:-10}" CRASH_INSTANCES="${3:-2}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
status=0
dotnet test "$root/tests/ExpertBot.Tests" -c Release --no-build --filter "FullyQualifiedName~ExactlyOnce.KillNineTests" \
  --logger "console;verbosity=detailed" > "$out" 2>&1 || status=$?
# The figures the test printed, then its verdict.
sed -n '/Standard Output Messages:/,/^\s*$/p' "$out" | sed '1d'
grep -E "Error Message:" -A 40 "$out" | grep -v "^\s*at System\." || true
grep -E "^(Passed!|Failed!)|Total tests|Passed:|Failed:" "$out" | head -3
exit "$status"
