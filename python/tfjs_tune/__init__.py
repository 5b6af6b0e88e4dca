"""tfjs-tune from a Python notebook (Colab, any hosted Jupyter that offers only a Python kernel).

    %load_ext tfjs_tune

    %%typescript
    import { loadHemolysis } from "tfjs-tune/chapter";
    const data = await loadHemolysis();
    data.count

Each ``%%typescript`` (or ``%%ts``) cell runs in one tfjs-tune TypeScript kernel, started on first use
through jupyter_client, so variables persist from cell to cell; its outputs, charts and errors show in
the Python notebook.
"""
from .bridge import TypeScriptKernel
from .errors import TypeScriptError, TypeScriptKernelError

__version__ = "0.1.0"
__all__ = ["TypeScriptError", "TypeScriptKernel", "TypeScriptKernelError", "load_ipython_extension", "unload_ipython_extension"]

_magics = None


def load_ipython_extension(ipython):
    """``%load_ext tfjs_tune``: registers ``%%typescript``, ``%%ts`` and ``%tfjs_tune``."""
    global _magics
    from .magics import TypeScriptMagics

    if _magics is None or _magics.shell is not ipython:
        _magics = TypeScriptMagics(ipython)
    ipython.register_magics(_magics)


def unload_ipython_extension(ipython):
    """``%unload_ext tfjs_tune``: stops the TypeScript kernel."""
    global _magics
    if _magics is not None:
        _magics.kernel.shutdown()
        _magics = None
