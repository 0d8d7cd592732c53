"""Finding the stories under the paths of a run: files as named, folders walked.

A file named on the command line is always read. A folder walk reads the story files
(by extension) below it and skips:

- folders that are not stories: hidden ones, virtual environments (any folder holding a
  ``pyvenv.cfg``), ``venv``, ``node_modules``, ``__pycache__`` -- the default ``exclude``
  (:data:`DEFAULT_EXCLUDE`; the ``exclude`` key replaces it, ``extend-exclude`` and
  ``--exclude`` add to it; gitignore-style patterns, relative to the configuration file
  that sets them, or for the flag to the current folder);
- what a ``.gitignore`` ignores, with git's own rules (a deeper file wins, ``!`` re-includes),
  reading the ``.gitignore`` files from the top of the git checkout down. Which ones may be
  read is the caller's (``ignore_files_within``): in CI a pull request must not hide its
  own stories with a ``.gitignore`` beside them (see :mod:`attribution.config`).

A folder that is itself named and excluded (``attribution check .drafts/``) is read: the
patterns then apply below it. Symbolic links are skipped unless ``follow_symlinks``; even
then a link is followed only when its target stays inside the folder (a story folder from
a pull request must not put the text of any file on the machine into the report). An
unreadable sub-folder is an error.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:       # imported where patterns are compiled: 30 ms of every cold start
    import pathspec

from ..errors import ErrorRecord, InputError
from .documents import STORY_EXTENSIONS

DEFAULT_EXCLUDE: tuple[str, ...] = (".*", "venv", "node_modules", "__pycache__")
VENV_MARKER = "pyvenv.cfg"
IGNORE_FILE = ".gitignore"
IGNORE_FILE_MAX_BYTES = 1 << 20


@attrs.frozen
class Walk:
    """How folders are walked."""
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    exclude_root: Path | None = None           # the folder ``exclude`` is relative to (default: cwd)
    also_exclude: tuple[str, ...] = ()         # more patterns, relative to the current folder (--exclude)
    follow_symlinks: bool = False
    ignore_files_within: Path | None = None    # read .gitignore files only here and above (None: all)


@attrs.frozen
class _Ignore:
    folder: Path                                # resolved
    spec: pathspec.GitIgnoreSpec


def find_stories(paths: Iterable[str], follow_symlinks: bool = False,
                 walk: Walk | None = None) -> tuple[list[str], list[ErrorRecord]]:
    """Expand files and folders. Returns (files, errors)."""
    walk = walk or Walk(follow_symlinks=follow_symlinks)
    if follow_symlinks and not walk.follow_symlinks:
        walk = attrs.evolve(walk, follow_symlinks=True)
    files: list[str] = []
    errors: list[ErrorRecord] = []
    for raw in paths:
        if raw == "-":
            files.append("-")
            continue
        p = Path(raw)
        if p.is_dir():
            found, walk_errors, skipped = _walk_folder(p, walk)
            errors.extend(walk_errors)
            if not found and not walk_errors:
                why = f"; {skipped} skipped by exclude patterns or .gitignore" if skipped else ""
                errors.append(InputError(f"folder holds no story files ({', '.join(STORY_EXTENSIONS)}){why}",
                                         raw).record())
            files.extend(found)
        elif p.exists() or p.is_symlink():
            files.append(str(p))
        else:
            errors.append(InputError("no such file or folder", raw).record())
    return files, errors


def _is_story(name: str) -> bool:
    return not name.startswith(".") and Path(name).suffix.lower() in STORY_EXTENSIONS


def _relative(path: Path, folder: Path, is_dir: bool) -> str | None:
    """``path`` relative to ``folder`` in gitignore's form (a folder ends in '/'), or None
    when it is not below it."""
    try:
        rel = path.relative_to(folder).as_posix()
    except ValueError:
        return None
    if rel == ".":
        return None
    return rel + "/" if is_dir else rel


def _ignored(path: Path, is_dir: bool, ignores: list[_Ignore]) -> bool:
    """git's verdict: the deepest .gitignore with a matching pattern decides."""
    for ignore in reversed(ignores):
        rel = _relative(path, ignore.folder, is_dir)
        if rel is None:
            continue
        verdict = ignore.spec.check_file(rel).include
        if verdict is not None:
            return verdict
    return False


def _read_ignore(folder: Path, logical: Path, walk: Walk) -> _Ignore | None:
    """The .gitignore of ``folder`` (``logical``: where it lies below the resolved root),
    where the walk may read it."""
    if walk.ignore_files_within is not None:
        limit = walk.ignore_files_within.resolve()
        if logical != limit and logical not in limit.parents:
            return None
    f = folder / IGNORE_FILE
    try:
        if f.is_symlink() or not f.is_file():
            return None
        with f.open("rb") as fh:                     # bounded: it may come with the stories
            lines = fh.read(IGNORE_FILE_MAX_BYTES).decode("utf-8", errors="replace").splitlines()
    except OSError:
        return None
    import pathspec
    return _Ignore(logical, pathspec.GitIgnoreSpec.from_lines(lines))


def _exclusion(patterns: tuple[str, ...], root: Path | None, walked: Path) -> tuple[pathspec.GitIgnoreSpec, Path]:
    """The patterns and the folder they are matched from: ``root``, or the walked folder
    itself when it lies outside ``root`` or is excluded (a named folder is read)."""
    import pathspec
    spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    base = (root or Path.cwd()).resolve()
    rel = _relative(walked, base, True)
    if rel is None or spec.match_file(rel):
        base = walked
    return spec, base


def _checkout_top(folder: Path) -> Path | None:
    for above in [folder, *folder.parents]:
        if (above / ".git").exists():
            return above
    return None


def _walk_folder(root: Path, walk: Walk) -> tuple[list[str], list[ErrorRecord], int]:
    """The story files below ``root``, the errors, and how many folders and story files the
    patterns and .gitignore files skipped."""
    errors: list[ErrorRecord] = []
    real_root = root.resolve()
    follow = walk.follow_symlinks

    def inside(path: str) -> bool:
        try:
            return Path(path).resolve().is_relative_to(real_root)
        except (OSError, RuntimeError):      # a loop of links
            return False

    def unreadable(exc: OSError) -> None:
        where = exc.filename or str(root)
        errors.append(InputError(f"cannot read folder ({exc.strerror or exc})", str(where)).record())

    # the .gitignore files above the root, from the top of the checkout down
    top = _checkout_top(real_root)
    ancestors = [f for f in reversed(real_root.parents) if top is not None and (f == top or top in f.parents)]
    ignores = [i for i in (_read_ignore(f, f, walk) for f in ancestors) if i is not None]
    if _ignored(real_root, True, ignores):
        ignores = []                         # a named folder is read: only its own .gitignore files apply
    exclusions = [_exclusion(walk.exclude, walk.exclude_root, real_root),
                  _exclusion(walk.also_exclude, None, real_root)]

    def excluded(path: Path, is_dir: bool) -> bool:
        for spec, base in exclusions:
            rel = _relative(path, base, is_dir)
            if rel is not None and spec.match_file(rel):
                return True
        return False

    found: list[str] = []
    seen: set[str] = set()
    skipped = 0
    root_abs = Path(os.path.abspath(root))
    applies: dict[Path, list[_Ignore]] = {}      # folder (as below the resolved root) -> its .gitignore files
    for folder, dirs, names in os.walk(root, onerror=unreadable, followlinks=follow):
        if follow:
            real = str(Path(folder).resolve())
            if not inside(folder) or real in seen:   # out of the root, or a loop
                dirs[:] = []
                continue
            seen.add(real)
        here = Path(os.path.abspath(folder))
        logical = real_root / here.relative_to(root_abs)      # where git sees it, links or not
        own = _read_ignore(here, logical, walk)
        inherited = ignores if logical == real_root else applies.get(logical.parent, ignores)
        current = applies[logical] = [*inherited, own] if own is not None else inherited
        kept = []
        for d in sorted(dirs):
            sub = logical / d
            if excluded(sub, True) or _ignored(sub, True, current) or (here / d / VENV_MARKER).exists():
                skipped += 1
                continue
            kept.append(d)
        dirs[:] = kept
        for name in sorted(names):
            if not _is_story(name):
                continue
            f = os.path.join(folder, name)
            if os.path.islink(f) and not (follow and inside(f)):
                continue
            if excluded(logical / name, False) or _ignored(logical / name, False, current):
                skipped += 1
                continue
            if os.path.isfile(f):
                found.append(f)
    return sorted(found), errors, skipped
