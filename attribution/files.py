"""Writing files safely (reports, plots, cache entries): shared by every stage that writes.

A report is written through a temporary file renamed over the target, and only where the
target is a regular file or absent: a device node, a FIFO, a folder or a symbolic link is
refused (as root, renaming over ``/dev/null`` would turn it into a regular file; renaming
over a link would put the report where the link pointed, or replace the link), and so is
a target that is one of the run's own inputs (``-o story.txt`` would destroy the story).
"""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError


def check_output_target(path: str | Path, inputs: Iterable[str | Path] = ()) -> None:
    """Raise :class:`OutputError` unless ``path`` may be replaced by a report."""
    target = Path(path)
    name = str(path)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot write the report there ({exc.strerror or exc})", name) from None
    if stat.S_ISLNK(st.st_mode):
        raise OutputError("is a symbolic link; refusing to write a report through it", name)
    if stat.S_ISDIR(st.st_mode):
        raise OutputError("is a folder, not a file", name)
    if not stat.S_ISREG(st.st_mode):
        raise OutputError("is not a regular file (a device, a FIFO or a socket); refusing to replace it", name)
    for source in inputs:
        if str(source) == "-":
            continue
        try:
            other = os.stat(source)
        except OSError:
            continue
        if os.path.samestat(st, other):
            raise OutputError(f"is one of the inputs ({source}); refusing to overwrite it", name)


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temporary file in the same folder, then rename over the target."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private; a report gets the mode a plain open() would give
        try:
            mode = path.lstat().st_mode & 0o777 if path.is_file() and not path.is_symlink() else None
        except OSError:
            mode = None
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_report(path: str | Path, data: str | bytes, inputs: Iterable[str | Path] = ()) -> None:
    """A report or plot: refused unless the target may be replaced; then written atomically.
    An unwritable place is one line (exit 2), not a traceback."""
    check_output_target(path, inputs)
    try:
        atomic_write(Path(path), data)
    except OSError as exc:
        raise OutputError(f"cannot write the report there ({exc.strerror or exc})", str(path)) from None
