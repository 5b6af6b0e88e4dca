"""Fixtures of the %%typescript tests: a private Jupyter path with the repository's kernelspec and the
python3 kernel of this venv."""
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KERNEL_MAIN = os.path.join(ROOT, "packages", "kernel", "dist", "kernel", "main.js")


@pytest.fixture(scope="session")
def jupyter_env():
    """Environment variables under which Jupyter finds only the python3 kernel of this venv and our kernelspec."""
    if not os.path.exists(KERNEL_MAIN):
        pytest.fail("%s is missing: run `npm run build` first" % KERNEL_MAIN)
    home = tempfile.mkdtemp(prefix="tfjs-tune-pytest-")
    data = os.path.join(home, "data")
    r = subprocess.run(["node", os.path.join(ROOT, "packages", "kernel", "setup", "install.mjs"), "--jupyter-path", data], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr + r.stdout
    env = {
        "JUPYTER_PATH": data,
        "JUPYTER_DATA_DIR": data,
        "JUPYTER_CONFIG_DIR": os.path.join(home, "config"),
        "JUPYTER_RUNTIME_DIR": os.path.join(home, "runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    yield env
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def python_kernel_name(jupyter_env):
    """The python3 kernel (ipykernel of this venv, the interpreter running pytest)."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    assert os.path.realpath(spec.argv[0]) == os.path.realpath(sys.executable) or spec.argv[0] in ("python", "python3"), spec.argv
    return "python3"
