"""Read a model file written by ``torch.save`` without torch: tensors become NumPy arrays.

Both of torch's formats occur among Stanza's models: the zip archive (``data.pkl`` + one
file per storage) and the older single stream (magic number, protocol, system info, the
pickled object, the storage keys, then each storage as an 8-byte count and its bytes).
Only the globals a model file needs are allowed: anything else is refused, so a file
cannot run code while it is read."""
from __future__ import annotations

import collections
import io
import pickle
import struct
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from ...errors import ModelError

_LEGACY_MAGIC = 0x1950A86A20F9469CFC6C

# torch's storage classes and the element type of each
_STORAGE_DTYPES = {
    "FloatStorage": np.float32, "DoubleStorage": np.float64, "HalfStorage": np.float16,
    "LongStorage": np.int64, "IntStorage": np.int32, "ShortStorage": np.int16,
    "CharStorage": np.int8, "ByteStorage": np.uint8, "BoolStorage": np.bool_,
}


class _StorageType:
    """Stands for a torch storage class inside the pickle: it only names the dtype."""

    def __init__(self, name: str) -> None:
        self.dtype = np.dtype(_STORAGE_DTYPES[name])


def _rebuild_tensor(storage: np.ndarray, offset: int, size: tuple, stride: tuple, *_: Any) -> np.ndarray:
    item = storage.itemsize
    if not size:
        return np.array(storage[offset])
    view = np.lib.stride_tricks.as_strided(storage[offset:], shape=tuple(size),
                                           strides=tuple(s * item for s in stride))
    return np.ascontiguousarray(view)


def _rebuild_parameter(data: np.ndarray, *_: Any) -> np.ndarray:
    return data


def _encode(text: str, encoding: str = "latin1") -> bytes:
    """``_codecs.encode``: how protocol 2 pickles write bytes."""
    return text.encode(encoding)


_ALLOWED = {
    ("collections", "OrderedDict"): collections.OrderedDict,
    ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor,
    ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
    ("_codecs", "encode"): _encode,
    ("builtins", "set"): set,
    ("builtins", "frozenset"): frozenset,
}


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: BinaryIO, storages: Any) -> None:
        super().__init__(file)
        self._storages = storages

    def find_class(self, module: str, name: str) -> Any:
        if module == "torch" and name in _STORAGE_DTYPES:
            return _StorageType(name)
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a model file") from None

    def persistent_load(self, saved_id: Any) -> Any:
        return self._storages(saved_id)


def load(path: str | Path) -> Any:
    """The object saved in ``path``, with every tensor as a NumPy array."""
    path = Path(path)
    try:
        if zipfile.is_zipfile(path):
            return _load_zip(path)
        with path.open("rb") as fh:
            return _load_legacy(fh)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, struct.error, zipfile.BadZipFile) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__     # one line, whatever the library wrote
        raise ModelError(f"cannot read model file {path}: {reason}") from exc


def _load_zip(path: Path) -> Any:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        pickled = next(n for n in names if n.endswith("/data.pkl") or n == "data.pkl")
        prefix = pickled[: -len("data.pkl")]
        cache: dict[str, np.ndarray] = {}

        def storage(saved_id: Any) -> np.ndarray:
            _, kind, key, _location, numel = saved_id[:5]
            if key not in cache:
                raw = archive.read(f"{prefix}data/{key}")
                cache[key] = np.frombuffer(raw, dtype=kind.dtype, count=numel).copy()
            return cache[key]

        return _Unpickler(io.BytesIO(archive.read(pickled)), storage).load()


def _plain(fh: BinaryIO) -> Any:
    """One of the legacy format's small pickles (magic, protocol, system info, storage
    keys): the same allow-list, and no storages."""
    def no_storage(saved_id: Any) -> Any:
        raise pickle.UnpicklingError("a storage where none belongs")
    return _Unpickler(fh, no_storage).load()


def _load_legacy(fh: BinaryIO) -> Any:
    if _plain(fh) != _LEGACY_MAGIC:
        raise ValueError("not a torch model file")
    _plain(fh)                            # protocol version
    _plain(fh)                            # system info (little endian, type sizes)
    pending: dict[str, tuple[np.dtype, int]] = {}
    arrays: dict[str, np.ndarray] = {}

    def storage(saved_id: Any) -> np.ndarray:
        # ('storage', class, key, location, numel, view): the bytes come after the pickle,
        # so an empty array of the right size is handed out now and filled in place below
        _, kind, key, _location, numel, view = saved_id
        if view is not None:
            raise ValueError("storage views are not supported")
        if key not in arrays:
            arrays[key] = np.empty(numel, dtype=kind.dtype)
            pending[key] = (kind.dtype, numel)
        return arrays[key]

    # the tensors are rebuilt (copied) while unpickling, before their bytes are read: so
    # rebuild them again afterwards from the filled storages
    records: list[tuple[np.ndarray, tuple]] = []

    def rebuild(store: np.ndarray, offset: int, size: tuple, stride: tuple, *_: Any) -> np.ndarray:
        out = np.empty(tuple(size), dtype=store.dtype)
        records.append((out, (store, offset, size, stride)))
        return out

    unpickler = _Unpickler(fh, storage)
    unpickler.find_class = lambda module, name: (   # type: ignore[method-assign]
        rebuild if (module, name) == ("torch._utils", "_rebuild_tensor_v2")
        else _Unpickler.find_class(unpickler, module, name))
    result = unpickler.load()
    for key in _plain(fh):
        dtype, numel = pending[key]
        (count,) = struct.unpack("<q", fh.read(8))
        if count != numel:
            raise ValueError(f"storage {key}: {count} elements, expected {numel}")
        data = fh.read(count * dtype.itemsize)
        if len(data) != count * dtype.itemsize:
            raise ValueError("the file ends inside a storage")
        arrays[key][:] = np.frombuffer(data, dtype=dtype)
    for out, (store, offset, size, stride) in records:
        out[...] = _rebuild_tensor(store, offset, size, stride)
    return result
