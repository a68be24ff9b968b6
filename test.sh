#!/usr/bin/env bash
# Runs ALL tests. Installs what they need: NuGet packages and the pinned npm clients (Agents Playground).
set -euo pipefail
cd "$(dirname "$0")"
(cd tests/e2e && npm ci --no-audit --no-fund)
dotnet restore ExpertBot.sln
dotnet build ExpertBot.sln --no-restore -c Release
dotnet test ExpertBot.sln --no-build -c Release --logger "console;verbosity=normal"
