#!/usr/bin/env bash
# Publishes the bot as it is deployed: Release, framework-dependent, ReadyToRun (precompiled, so start-up does not
# JIT EF Core and ASP.NET Core's start path: about 1.1 s to healthy instead of about 2 s on this machine).
# Usage: bench/publish.sh <output folder>
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rid="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
# The tab's Teams library and charts come from npm (tab/package.json, pinned by its lock file).
(cd "$root/tab" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
dotnet publish "$root/src/ExpertBot" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
  -o "$1" -v quiet -nologo >/dev/null
