#!/usr/bin/env bash
# Configures and builds one CMake preset (default: release).
# Usage: scripts/build.sh [PRESET]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
extra=()
if [ "${KIJI_WERROR:-}" = "ON" ]; then extra+=(-DKIJI_WERROR=ON); fi
cmake --preset "$preset" "${extra[@]}" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
