"""One TypeScript kernel (tfjs-tune's) driven from Python through jupyter_client.

The kernel is found as the installed kernelspec ``tfjs-tune`` (``npx tfjs-tune-kernel install``), or,
when no such kernelspec exists, as the ``tfjs-tune-kernel`` npm package that Node resolves from the
working folder, whose kernel is then started directly. Nothing here imports IPython: the magics
(``magics.py``) hand in the functions that show outputs.
"""
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import time

from .errors import TypeScriptError, TypeScriptKernelError, error_line

#: The kernelspec name ``tfjs-tune-kernel install`` registers; ``TFJS_TUNE_KERNEL`` picks another one.
DEFAULT_KERNEL_NAME = "tfjs-tune"
#: How long an interrupted cell may take to stop before the kernel is restarted.
INTERRUPT_GRACE_SECONDS = 10.0
_POLL_SECONDS = 0.2


def _node_kernel_argv(cwd):
    """``[node, .../dist/kernel/main.js, "{connection_file}"]`` for the tfjs-tune-kernel Node resolves from ``cwd``, or None."""
    node = shutil.which("node")
    if node is None:
        return None
    r = subprocess.run(
        [node, "-p", "require.resolve('tfjs-tune-kernel/package.json')"],
        cwd=cwd, capture_output=True, text=True,
    )
    if r.returncode != 0:
        return None
    main = os.path.join(os.path.dirname(r.stdout.strip()), "dist", "kernel", "main.js")
    return [node, main, "{connection_file}"] if os.path.exists(main) else None


class Outputs:
    """Where a cell's outputs go; every method may be replaced (the magics show them with IPython)."""

    def stream(self, name, text):
        (sys.stderr if name == "stderr" else sys.stdout).write(text)

    def display(self, content, update):
        pass

    def clear(self, wait):
        pass


class TypeScriptKernel:
    """A tfjs-tune TypeScript kernel started on first use and kept for the session (variables persist).

    ``kernel_name`` defaults to ``$TFJS_TUNE_KERNEL`` or ``tfjs-tune``; ``cwd`` (default: the current
    folder at start) is where cells run and resolve their imports from.
    """

    def __init__(self, kernel_name=None, cwd=None, startup_timeout=120.0):
        self.kernel_name = kernel_name or os.environ.get("TFJS_TUNE_KERNEL") or DEFAULT_KERNEL_NAME
        self.cwd = cwd
        self.startup_timeout = startup_timeout
        self.manager = None
        self.client = None
        self.how = None  # "kernelspec tfjs-tune" or "node …/main.js", for messages
        self._spec_dir = None

    # ---- life cycle ----------------------------------------------------------------------------

    def _manager(self, cwd):
        from jupyter_client import KernelManager
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

        try:
            spec = KernelSpecManager().get_kernel_spec(self.kernel_name)
            self.how = "kernelspec %s (%s)" % (self.kernel_name, spec.resource_dir)
            return KernelManager(kernel_name=self.kernel_name)
        except NoSuchKernel:
            pass
        argv = _node_kernel_argv(cwd)
        if argv is None:
            raise TypeScriptKernelError(
                "no TypeScript kernel: there is no kernelspec %r and Node finds no tfjs-tune-kernel package from %s. "
                "Install it with `npm install tfjs-tune tfjs-tune-kernel && npx tfjs-tune-kernel install` "
                "(or run the set-up cell of an exported notebook)." % (self.kernel_name, cwd)
            )
        # A private kernelspec folder holding the direct command, so KernelManager starts it like any kernel.
        self._spec_dir = tempfile.mkdtemp(prefix="tfjs-tune-kernelspec-")
        name = "tfjs-tune-direct"
        os.makedirs(os.path.join(self._spec_dir, name))
        with open(os.path.join(self._spec_dir, name, "kernel.json"), "w") as f:
            json.dump({"argv": argv, "display_name": "TypeScript (tfjs-tune)", "language": "typescript", "interrupt_mode": "signal"}, f)
        self.how = "node %s" % argv[1]
        return KernelManager(kernel_name=name, kernel_spec_manager=KernelSpecManager(kernel_dirs=[self._spec_dir]))

    def start(self):
        """Starts the kernel (a no-op when it runs) and waits until it answers."""
        if self.alive():
            return
        self.shutdown()
        cwd = self.cwd or os.getcwd()
        km = self._manager(cwd)
        try:
            km.start_kernel(cwd=cwd)
            kc = km.client()  # a BlockingKernelClient (jupyter_client 6 to 8)
            kc.start_channels()
            kc.wait_for_ready(timeout=self.startup_timeout)
        except Exception as e:
            try:
                km.shutdown_kernel(now=True)
            except Exception:
                pass
            raise TypeScriptKernelError("the TypeScript kernel (%s) did not start: %s" % (self.how, e)) from e
        self.manager, self.client = km, kc

    def alive(self):
        return self.manager is not None and self.manager.is_alive()

    def interrupt(self):
        if self.manager is not None:
            self.manager.interrupt_kernel()

    def restart(self):
        """A fresh kernel: every TypeScript variable is gone."""
        self.shutdown()
        self.start()

    def shutdown(self):
        if self.client is not None:
            try:
                self.client.stop_channels()
            except Exception:
                pass
        if self.manager is not None:
            try:
                self.manager.shutdown_kernel(now=not self.manager.is_alive())
            except Exception:
                pass
        self.manager = self.client = None
        if self._spec_dir:
            shutil.rmtree(self._spec_dir, ignore_errors=True)
            self._spec_dir = None

    # ---- running cells -------------------------------------------------------------------------

    def execute(self, code, outputs=None):
        """Runs ``code`` in the kernel, sends its outputs to ``outputs`` as they come, and returns the
        ``execute_result`` content (``{"data", "metadata", ...}``) or None.

        Raises TypeScriptError when the cell fails, KeyboardInterrupt after interrupting the kernel
        (Ctrl-C, or the notebook's Interrupt), TypeScriptKernelError when the kernel dies.
        """
        outputs = outputs or Outputs()
        if not self.alive():
            lost = self.manager is not None
            self.start()
            if lost:
                outputs.stream("stderr", "tfjs-tune: the TypeScript kernel had stopped; a new one started, earlier TypeScript variables are gone\n")
        client = self.client
        msg_id = client.execute(code, store_history=True, allow_stdin=False, stop_on_error=True)
        result = None
        error = None
        count = None
        interrupted_at = None
        while True:
            try:
                if interrupted_at is not None and time.monotonic() - interrupted_at > INTERRUPT_GRACE_SECONDS:
                    outputs.stream("stderr", "tfjs-tune: the TypeScript cell did not stop within %g s of the interrupt; restarting the kernel (its variables are gone)\n" % INTERRUPT_GRACE_SECONDS)
                    self.restart()
                    raise KeyboardInterrupt
                try:
                    msg = client.get_iopub_msg(timeout=_POLL_SECONDS)
                except queue.Empty:
                    if not self.manager.is_alive():
                        raise TypeScriptKernelError("the TypeScript kernel stopped while running the cell; the next %%typescript cell starts a new one (earlier TypeScript variables are gone)")
                    continue
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "status":
                    if content.get("execution_state") == "idle":
                        break
                elif kind == "execute_input":
                    count = content.get("execution_count")
                elif kind == "stream":
                    outputs.stream(content.get("name", "stdout"), content.get("text", ""))
                elif kind in ("display_data", "update_display_data"):
                    outputs.display(content, kind == "update_display_data")
                elif kind == "clear_output":
                    outputs.clear(bool(content.get("wait")))
                elif kind == "execute_result":
                    result = content
                elif kind == "error":
                    error = error or content
            except KeyboardInterrupt:
                if interrupted_at is not None and not self.alive():
                    raise
                if interrupted_at is None:
                    interrupted_at = time.monotonic()
                    self.interrupt()
                    continue
                raise
        reply = self._reply(msg_id)
        if interrupted_at is not None:
            raise KeyboardInterrupt("the TypeScript cell was interrupted")
        if error is None and reply is not None and reply.get("status") == "error":
            error = reply
        if error is not None:
            ename, evalue, tb = error.get("ename", "Error"), error.get("evalue", ""), error.get("traceback", [])
            if ename == "KeyboardInterrupt":
                raise KeyboardInterrupt(evalue)
            raise TypeScriptError(ename, evalue, tb, error_line(ename, evalue, tb, count))
        return result

    def _reply(self, msg_id, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.client.get_shell_msg(timeout=_POLL_SECONDS)
            except queue.Empty:
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return msg["content"]
        return None
