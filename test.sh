#!/usr/bin/env bash
# Runs ALL tests. Installs what they need; today that is only the .NET SDK's own restore.
set -euo pipefail
cd "$(dirname "$0")"
dotnet restore ExpertBot.sln
dotnet build ExpertBot.sln --no-restore -c Release
dotnet test ExpertBot.sln --no-build -c Release --logger "console;verbosity=normal"
