#!/usr/bin/env bash
# Makes the Python environments bench/train.ts compares against (not needed by the tests):
#   .cache/bench/venv-torch  PyTorch 2.x from pip (the CPU wheel)
#   .cache/bench/venv-keras  tensorflow-cpu 2.21 (Keras 3) from pip
# and Debian's PyTorch 1.13 for /usr/bin/python3 (apt-get install python3-torch, as root).
# pip reads the machine's configured index (pip config list); idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.cache/bench
mkdir -p "$dir"
python=${PYTHON:-python3}
# the configured indexes, passed explicitly: the first extra index replaces the default one (which may
# be unreachable), the others stay extra, plus the configured find-links
extra=$("$python" -m pip config get global.extra-index-url 2>/dev/null || true)
links=$("$python" -m pip config get global.find-links 2>/dev/null || true)
args=()
first=1
for u in $extra; do
  if [ $first -eq 1 ]; then args+=(--index-url "$u"); first=0; else args+=(--extra-index-url "$u"); fi
done
for l in $links; do args+=(--find-links "$l"); done
make_venv() { # name, requirement...
  local name=$1; shift
  if [ ! -x "$dir/$name/bin/python" ]; then "$python" -m venv "$dir/$name"; fi
  "$dir/$name/bin/python" -m pip install -q "${args[@]}" "$@"
}
make_venv venv-torch "torch>=2,<3" numpy
make_venv venv-keras "tensorflow-cpu==2.21.*"
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends python3-torch >/dev/null || echo "bench-python: could not install python3-torch (PyTorch 1.13 will be skipped)" >&2
fi
echo "bench-python: $("$dir/venv-torch/bin/python" -c 'import torch; print("torch", torch.__version__)'), $("$dir/venv-keras/bin/python" -c 'import os; os.environ["TF_CPP_MIN_LOG_LEVEL"]="3"; import keras, tensorflow as tf; print("keras", keras.__version__, "tensorflow", tf.__version__)')"
