#!/usr/bin/env bash
# Installs the Debian packages Cadre needs to build, test and benchmark.
# Idempotent: installs only what is missing. Needs root or sudo when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libxapian-dev libxml2-dev libcmark-dev libsqlitecpp-dev libsqlite3-dev
  libcpp-httplib-dev libssl-dev zlib1g-dev
  libtomlplusplus-dev nlohmann-json3-dev libcli11-dev libxlsxwriter-dev
  libcurl4-openssl-dev libxxhash-dev libgtest-dev libgmock-dev
)
if [ "${CADRE_SETUP_TEST_TOOLS:-0}" = 1 ]; then
  # pandoc: the DOCX export and the check that pandoc reads the Markdown export.
  packages+=(chromium unzip wrk nginx curl pandoc)
  # Node.js and npm (for the browser tests) come with the machine; Debian's nodejs conflicts with them.
  command -v npm >/dev/null || packages+=(nodejs npm)
fi
# The sanitizer and fuzzing builds of scripts/ci-hardening.sh: clang and its libFuzzer runtime.
[ "${CADRE_SETUP_HARDENING:-0}" = 1 ] && packages+=(clang libclang-rt-14-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
