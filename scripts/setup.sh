#!/usr/bin/env bash
# Installs the Debian packages kiji needs to build, test and run.
# Idempotent: when everything is there it only checks, quietly and fast.
# Usage: scripts/setup.sh            (as root, or with sudo available)
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config python3 help2man
  libicu-dev libmecab-dev mecab-ipadic-utf8 mecab-utils libre2-dev libutf8proc-dev
  libsqlite3-dev libssl-dev libcld2-dev libabsl-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev libspdlog-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libarchive-dev libgumbo-dev
  chromium fonts-noto-cjk
  slurm-wlm munge
  enamdict
  clang libclang-rt-14-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "kiji setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "kiji setup: done" >&2
