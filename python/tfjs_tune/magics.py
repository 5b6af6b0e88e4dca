"""The IPython magics: ``%%typescript`` (alias ``%%ts``) runs its cell in the tfjs-tune TypeScript kernel.

Every output of the TypeScript cell is re-published in the Python notebook as it arrives: streams as
streams, display data with all its MIME types (a chart brings Vega-Lite, SVG and PNG, so frontends that
cannot draw Vega-Lite, like Colab, show the picture), live progress as ``update_display_data`` on the same
display id, the last expression's value as the cell's result, a failure as a :class:`TypeScriptError`.
"""
import atexit
import sys

from IPython.core.magic import Magics, line_cell_magic, line_magic, magics_class
from IPython.display import clear_output, publish_display_data

from .bridge import Outputs, TypeScriptKernel


class TypeScriptValue:
    """The value of a TypeScript cell's last expression, shown with every MIME type the kernel sent."""

    def __init__(self, data, metadata=None):
        self.data = dict(data)
        self.metadata = dict(metadata or {})

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.data, self.metadata

    def __repr__(self):
        return str(self.data.get("text/plain", "<TypeScript value: %s>" % ", ".join(self.data)))


class IPythonOutputs(Outputs):
    """Shows a TypeScript cell's outputs in the current IPython cell."""

    def stream(self, name, text):
        (sys.stderr if name == "stderr" else sys.stdout).write(text)

    def _flush(self):
        # ipykernel sends stream text on a timer: flush it so that text printed before a chart comes first.
        sys.stdout.flush()
        sys.stderr.flush()

    def display(self, content, update):
        self._flush()
        transient = content.get("transient") or {}
        if update and not transient.get("display_id"):
            return
        publish_display_data(content.get("data", {}), content.get("metadata") or {}, transient=transient, update=update)

    def clear(self, wait):
        self._flush()
        clear_output(wait=wait)


@magics_class
class TypeScriptMagics(Magics):
    """``%%typescript`` / ``%%ts`` cells, and ``%tfjs_tune status|restart|shutdown``."""

    def __init__(self, shell, kernel=None):
        super().__init__(shell)
        self.kernel = kernel or TypeScriptKernel()
        atexit.register(self.kernel.shutdown)

    def _run(self, code):
        if not code.strip():
            return None
        result = self.kernel.execute(code, IPythonOutputs())
        sys.stdout.flush()
        sys.stderr.flush()
        if result is None:
            return None
        return TypeScriptValue(result.get("data", {}), result.get("metadata"))

    @line_cell_magic
    def typescript(self, line, cell=None):
        """Runs TypeScript in the tfjs-tune kernel (started on first use, shared by every cell).

        ``%%typescript`` runs the rest of the cell; ``%typescript <code>`` runs one line.
        """
        return self._run(line if cell is None else cell)

    @line_cell_magic
    def ts(self, line, cell=None):
        """Alias of ``%%typescript``."""
        return self._run(line if cell is None else cell)

    @line_magic
    def tfjs_tune(self, line):
        """``%tfjs_tune status`` (which kernel runs), ``restart`` (fresh TypeScript state), ``shutdown``."""
        word = line.strip() or "status"
        if word == "restart":
            self.kernel.restart()
            print("tfjs-tune: TypeScript kernel restarted (%s)" % self.kernel.how)
        elif word == "shutdown":
            self.kernel.shutdown()
            print("tfjs-tune: TypeScript kernel shut down; the next %%typescript cell starts a new one")
        elif word == "status":
            print("tfjs-tune: TypeScript kernel %s" % (("running: %s" % self.kernel.how) if self.kernel.alive() else "not started (the first %%typescript cell starts it)"))
        else:
            raise ValueError("%%tfjs_tune: expected status, restart or shutdown, got %r" % word)
