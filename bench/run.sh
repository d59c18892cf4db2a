#!/usr/bin/env bash
# The benchmark in one command: publishes the portal (Release), builds a stock `dotnet new mvc` app as a
# reference, installs Node's jose from tools/e2e's lockfile, then runs every figure and prints the table.
#   bench/run.sh [--runs 3] [--seconds 10] [--sustained-minutes 10]
# Run it on an otherwise idle machine; it takes about 15 minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d -t mip-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "Publishing the portal and building the references..."
dotnet publish MyInfoPortal.Web -c Release -o "$work/portal" -nologo -v q
dotnet new mvc --name StockMvc --output "$work/stock-src" --no-https >/dev/null
dotnet publish "$work/stock-src" -c Release -o "$work/stock" -nologo -v q
dotnet build bench/MyInfoPortal.Bench -c Release -o "$work/bench" -nologo -v q
[ -d tools/e2e/node_modules/jose ] || (cd tools/e2e && npm ci --no-audit --no-fund)

dotnet "$work/bench/MyInfoPortal.Bench.dll" --portal "$work/portal" --stock "$work/stock" --e2e "$PWD/tools/e2e" "$@"
