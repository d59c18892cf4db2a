#!/usr/bin/env bash
# Runs every test: unit, integration, MockPass end-to-end and real-browser journeys.
# Installs what the tests need first: npm packages from the lockfile, and Debian's chromium, openssl,
# postgresql (the multi-instance tests start a private PostgreSQL server) and nginx (the reverse-proxy test
# starts a private one on a loopback port); nothing system-wide is started.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing ${need_apt[*]} with apt-get"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

echo "Installing end-to-end tooling (MockPass, jose, openid-client, axe-core) from tools/e2e/package-lock.json"
(cd tools/e2e && npm ci --no-audit --no-fund --loglevel=error)

log=$(mktemp)
set +e
dotnet test MyInfoPortal.sln --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line: "N passed, N failed" (summed over test assemblies).
awk '/(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { if (p + f > 0) printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
