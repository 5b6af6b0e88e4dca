#!/usr/bin/env bash
# Makes the Python venv the frontend tests use (.venv-frontends: JupyterLab 4.6, Notebook 7.6, nbclient,
# ipykernel, jupyter_client, pytest, and the repository's own `python/` package) and checks that
# playwright-core is installed. Idempotent: quiet when the venv already matches python/requirements-frontends.txt.
#
# pip is given the configured package locations explicitly (read from `pip config list`), because a venv's
# pip may not read the same configuration files as the system one, and CI reaches no other index.
#
#   bash scripts/setup-frontends.sh            # make or refresh .venv-frontends
#   FRONTENDS_VENV=/some/dir bash scripts/setup-frontends.sh
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${FRONTENDS_VENV:-.venv-frontends}"
REQ="python/requirements-frontends.txt"
PY="${FRONTENDS_PYTHON:-python3}"

# playwright-core drives Debian's /usr/bin/chromium; it is a devDependency, so `npm ci` installs it.
if [ ! -f node_modules/playwright-core/package.json ]; then
  if grep -q '"playwright-core"' package.json; then
    echo "setup-frontends: node_modules/playwright-core is missing: run npm ci first" >&2
    exit 1
  fi
  echo "setup-frontends: adding playwright-core as a devDependency"
  npm install --save-dev --no-audit --no-fund playwright-core
fi
[ -x /usr/bin/chromium ] || echo "setup-frontends: warning: /usr/bin/chromium is missing (apt-get install chromium); the browser tests will fail" >&2

# The stamp holds the hash of the requirements and of the python/ package, so a change of either reinstalls.
stamp_now="$( (cat "$REQ" python/pyproject.toml; find python/tfjs_tune -type f -name '*.py' | sort | xargs cat) | sha256sum | cut -d' ' -f1)"
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.setup-stamp" 2>/dev/null)" = "$stamp_now" ]; then
  exit 0
fi

# pip's configured locations, passed on explicitly: the first index is --index-url, the others --extra-index-url.
pip_args=()
config="$("$PY" -m pip config list 2>/dev/null || true)"
value() { printf '%s\n' "$config" | sed -n "s/^[^=]*\.$1='\(.*\)'$/\1/p" | head -n1; }
indexes="$(value index-url) $(value extra-index-url)"
first=1
for u in $indexes; do
  if [ $first -eq 1 ]; then pip_args+=(--index-url "$u"); first=0; else pip_args+=(--extra-index-url "$u"); fi
done
for f in $(value find-links); do pip_args+=(--find-links "$f"); done
constraint="$(value constraint)"
[ -n "$constraint" ] && [ -f "$constraint" ] && pip_args+=(--constraint "$constraint")

echo "setup-frontends: making $VENV (${pip_args[*]:-pip defaults})"
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
# pip warns once per package that an extra index lacks; those lines are noise.
pip_install() {
  set +e
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "${pip_args[@]}" "$@" 2>&1 | grep -v "is ignored: it is neither a file nor a directory"
  local rc=${PIPESTATUS[0]}
  set -e
  [ "$rc" -eq 0 ] || { echo "setup-frontends: pip install $* failed ($rc)" >&2; exit "$rc"; }
}
pip_install -r "$REQ"
pip_install --no-deps --no-build-isolation ./python
"$VENV/bin/python" -c "import jupyterlab, notebook, nbclient, ipykernel, jupyter_client, tfjs_tune; print('setup-frontends: jupyterlab', jupyterlab.__version__, '| notebook', notebook.__version__, '| nbclient', nbclient.__version__, '| ipykernel', ipykernel.__version__)"
# The repository's package.json says "type": "module"; without this one, Node would read the venv's own
# .js helpers (JupyterLab's node-version check, jupyter_builder's yarn) as ES modules and fail.
printf '{"type": "commonjs"}\n' > "$VENV/package.json"
printf '*\n' > "$VENV/.gitignore"
printf '%s\n' "$stamp_now" > "$VENV/.setup-stamp"
