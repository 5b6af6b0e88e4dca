#!/usr/bin/env bash
# The one test command of the README: installs what is missing (Debian packages, npm packages),
# builds, and runs the whole test suite. Works on a fresh machine with only the registries reachable.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
npm ci --no-audit --no-fund
npm run build
# The Python side of the frontend tests (test/frontends, python/tests): JupyterLab, Notebook 7, nbclient,
# ipykernel and the %%typescript bridge in .venv-frontends. Under CI=true those tests fail without it.
bash scripts/setup-frontends.sh
npm run format:check
npm run lint
npm test
