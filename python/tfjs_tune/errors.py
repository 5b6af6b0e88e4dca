"""The Python exceptions a ``%%typescript`` cell raises when its TypeScript fails."""
import re

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# A type error's evalue starts with "line:column - " (the kernel's diagnosticsError).
_TS_POSITION = re.compile(r"^(\d+):(\d+) - ")
# A runtime frame inside a cell: "(cell [7], line 3)" (the kernel's runtimeError).
_CELL_FRAME = re.compile(r"\(cell \[(\d+)\], line (\d+)\)")


def _strip_ansi(text):
    return _ANSI.sub("", text)


def error_line(ename, evalue, traceback, execution_count=None):
    """The 1-based line of the TypeScript cell an error points at, or None.

    A type error names it at the start of its message; a runtime error in the first stack frame that
    lies in this cell (``cell [N], line L``); other frames (library code) carry no cell line.
    """
    if ename == "TSError":
        m = _TS_POSITION.match(_strip_ansi(evalue))
        if m:
            return int(m.group(1))
    for frame in _CELL_FRAME.finditer(_strip_ansi("\n".join(traceback))):
        if execution_count is None or int(frame.group(1)) == execution_count:
            return int(frame.group(2))
    return None


class TypeScriptError(Exception):
    """A ``%%typescript`` cell failed: a type error (``ename == "TSError"``) or an exception it threw.

    ``ename``/``evalue``/``traceback`` are the TypeScript kernel's error, ``line`` the 1-based line of the
    cell's TypeScript (the lines after the ``%%typescript`` line) it points at, or None. IPython shows the
    TypeScript traceback (``_render_traceback_``), not the bridge's Python frames.
    """

    def __init__(self, ename, evalue, traceback=(), line=None):
        self.ename = ename
        self.evalue = evalue
        self.traceback = list(traceback)
        self.line = line
        where = "" if line is None else " (TypeScript line %d)" % line
        super().__init__("%s: %s%s" % (ename, _strip_ansi(evalue), where))

    def _render_traceback_(self):
        # IPython calls this instead of formatting the Python stack: what the TypeScript kernel showed.
        lines = list(self.traceback) or ["%s: %s" % (self.ename, self.evalue)]
        if self.line is not None:
            lines = lines + ["(at line %d of the TypeScript cell)" % self.line]
        return lines


class TypeScriptKernelError(RuntimeError):
    """The TypeScript kernel could not be found or started, or it stopped during a cell."""
