"""checkpoint.load reads torch model files as torch.load does (tensors as NumPy arrays),
in both of torch's formats, and refuses a file that names any other global or is cut off."""
from __future__ import annotations

import collections
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch

from attribution.errors import ModelError
from attribution.parse.inference import checkpoint

MODELS = Path(__file__).resolve().parents[1] / "attribution" / "models" / "en_attrib"
MODEL_FILES = sorted(p.name for p in MODELS.glob("*.pt"))


def assert_same(mine, theirs, where: str = "") -> None:
    """``mine`` (checkpoint.load) is ``theirs`` (torch.load) with every tensor an array."""
    if isinstance(theirs, torch.Tensor):
        assert isinstance(mine, np.ndarray), f"{where}: {type(mine).__name__}, expected an array"
        expected = theirs.detach().numpy()
        assert mine.dtype == expected.dtype, f"{where}: dtype {mine.dtype}, expected {expected.dtype}"
        assert mine.shape == expected.shape, f"{where}: shape {mine.shape}, expected {expected.shape}"
        assert np.array_equal(mine, expected, equal_nan=mine.dtype.kind == "f"), f"{where}: values differ"
        return
    assert type(mine) is type(theirs), f"{where}: {type(mine).__name__}, expected {type(theirs).__name__}"
    if isinstance(theirs, dict):
        assert list(mine) == list(theirs), f"{where}: keys differ"
        for key in theirs:
            assert_same(mine[key], theirs[key], f"{where}[{key!r}]")
    elif isinstance(theirs, (list, tuple)):
        assert len(mine) == len(theirs), f"{where}: length {len(mine)}, expected {len(theirs)}"
        for i, (a, b) in enumerate(zip(mine, theirs)):
            assert_same(a, b, f"{where}[{i}]")
    else:
        assert mine == theirs, f"{where}: {mine!r}, expected {theirs!r}"


def count_arrays(obj) -> int:
    if isinstance(obj, np.ndarray):
        return 1
    if isinstance(obj, dict):
        return sum(count_arrays(v) for v in obj.values())
    if isinstance(obj, (list, tuple)):
        return sum(count_arrays(v) for v in obj)
    return 0


def test_the_embedded_model_files_are_there():
    assert MODEL_FILES == ["depparse.pt", "lemma.pt", "mwt.pt", "pos.pt", "pretrain.pt", "tokenizer.pt"]
    # both of torch's formats are among them, so both readers run on real files below
    assert {zipfile.is_zipfile(MODELS / n) for n in MODEL_FILES} == {True, False}


@pytest.mark.parametrize("name", MODEL_FILES)
def test_every_embedded_model_file_reads_as_torch_reads_it(name):
    path = MODELS / name
    mine = checkpoint.load(path)
    theirs = torch.load(path, weights_only=False, map_location="cpu")
    assert_same(mine, theirs, name)
    if name != "lemma.pt":          # the lemmatizer is dictionaries only
        assert count_arrays(mine) > 0


def sample() -> dict:
    """Every storage type the reader knows, 0-d, empty, strided and shared tensors, a
    parameter and the plain values around them."""
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) / 7
    return collections.OrderedDict([
        ("float32", base),
        ("transposed", base.t()),                       # strides, not contiguous
        ("rows", base[1:3]),                            # an offset into a shared storage
        ("every_other", base[:, ::2]),
        ("float64", torch.linspace(-1, 1, 5, dtype=torch.float64)),
        ("float16", torch.tensor([0.5, -2.25, 65504.0], dtype=torch.float16)),
        ("int64", torch.tensor([-(2 ** 40), 0, 2 ** 40])),
        ("int32", torch.tensor([-7, 7], dtype=torch.int32)),
        ("int16", torch.tensor([-300, 300], dtype=torch.int16)),
        ("int8", torch.tensor([-128, 127], dtype=torch.int8)),
        ("uint8", torch.tensor([0, 255], dtype=torch.uint8)),
        ("bool", torch.tensor([True, False, True])),
        ("scalar", torch.tensor(3.5)),
        ("empty", torch.zeros(0, 3)),
        ("nan", torch.tensor([float("nan"), float("inf")])),
        ("parameter", torch.nn.Parameter(torch.ones(2, 2) * 0.25)),
        ("state", torch.nn.Linear(3, 2).state_dict()),
        ("plain", {"list": [1, 2.5, "x", None, True], "bytes": b"\x00\xff", "nested": [[base[0]], {"k": base[3, 2]}]}),
    ])


@pytest.mark.parametrize("legacy", [False, True], ids=["zip", "legacy"])
def test_a_small_file_in_each_format(tmp_path, legacy):
    path = tmp_path / "small.pt"
    obj = sample()
    torch.save(obj, path, _use_new_zipfile_serialization=not legacy)
    assert zipfile.is_zipfile(path) is not legacy
    mine = checkpoint.load(path)
    assert_same(mine, torch.load(path, weights_only=False, map_location="cpu"))
    assert_same(mine, obj)


@pytest.mark.parametrize("legacy", [False, True], ids=["zip", "legacy"])
def test_a_tensor_type_the_reader_does_not_know_is_refused(tmp_path, legacy):
    path = tmp_path / "bf16.pt"
    torch.save({"w": torch.ones(3, dtype=torch.bfloat16)}, path, _use_new_zipfile_serialization=not legacy)
    with pytest.raises(ModelError, match="BFloat16Storage"):
        checkpoint.load(path)


class RunsCommand:
    """Unpickling this runs a shell command (here: it creates a marker file)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


class CallsEval:
    def __reduce__(self):
        return eval, ("1 + 1",)


@pytest.mark.parametrize("legacy", [False, True], ids=["zip", "legacy"])
def test_a_model_file_naming_os_system_is_refused_and_does_not_run(tmp_path, legacy):
    marker = tmp_path / "ran"
    path = tmp_path / "evil.pt"
    torch.save({"model": {"w": torch.ones(2)}, "config": RunsCommand(marker)}, path,
               _use_new_zipfile_serialization=not legacy)
    with pytest.raises(ModelError, match=r"system is not allowed in a model file"):
        checkpoint.load(path)
    assert not marker.exists()


def test_a_model_file_naming_eval_is_refused(tmp_path):
    path = tmp_path / "eval.pt"
    torch.save({"x": CallsEval()}, path)
    with pytest.raises(ModelError, match=r"builtin_*\.eval is not allowed in a model file"):
        checkpoint.load(path)


def test_a_plain_pickle_naming_os_system_does_not_run(tmp_path):
    # not a torch file at all: the first thing read is the pickle that would run the command
    marker = tmp_path / "ran"
    path = tmp_path / "plain.pt"
    path.write_bytes(pickle.dumps(RunsCommand(marker), protocol=2))
    with pytest.raises(ModelError):
        checkpoint.load(path)
    assert not marker.exists()


class Inert(pickle.Unpickler):
    """Reads a pickle through, running nothing it names."""

    def find_class(self, module, name):
        return lambda *args, **kwargs: None

    def persistent_load(self, saved_id):
        return None


def test_a_legacy_file_whose_storage_keys_name_os_system_does_not_run(tmp_path):
    # a real legacy file's first four pickles, then a key list that runs a command
    marker = tmp_path / "ran"
    good = tmp_path / "good.pt"
    torch.save({"w": torch.ones(2)}, good, _use_new_zipfile_serialization=False)
    with good.open("rb") as fh:
        for _ in range(4):              # magic, protocol, system info, the object
            Inert(fh).load()
        head = good.read_bytes()[:fh.tell()]
    path = tmp_path / "evil_keys.pt"
    path.write_bytes(head + pickle.dumps(RunsCommand(marker), protocol=2))
    with pytest.raises(ModelError):
        checkpoint.load(path)
    assert not marker.exists()


def cut_points(size: int) -> list[int]:
    return sorted({0, 1, 2, 8, 64, size // 3, size // 2, size - 100, size - 9, size - 1})


def truncated(tmp_path: Path, legacy: bool) -> list[Path]:
    whole = tmp_path / "whole.pt"
    torch.save(sample(), whole, _use_new_zipfile_serialization=not legacy)
    data = whole.read_bytes()
    assert len(data) > 1000
    paths = []
    for cut in cut_points(len(data)):
        path = tmp_path / f"cut{cut}.pt"
        path.write_bytes(data[:cut])
        paths.append(path)
    return paths


@pytest.mark.parametrize("legacy", [False, True], ids=["zip", "legacy"])
def test_a_truncated_file_is_a_model_error(tmp_path, legacy):
    for path in truncated(tmp_path, legacy):
        with pytest.raises(ModelError) as info:
            checkpoint.load(path)
        assert str(info.value).startswith(f"cannot read model file {path}: "), str(info.value)


@pytest.mark.parametrize("legacy", [False, True], ids=["zip", "legacy"])
def test_a_truncated_file_is_reported_in_one_line(tmp_path, legacy):
    for path in truncated(tmp_path, legacy):
        with pytest.raises(ModelError) as info:
            checkpoint.load(path)
        assert "\n" not in str(info.value), (path.name, str(info.value))


@pytest.mark.parametrize("name", ["pos.pt", "depparse.pt"])          # one of each format
def test_a_truncated_embedded_model_is_one_model_error_line(tmp_path, name):
    data = (MODELS / name).read_bytes()
    path = tmp_path / name
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError) as info:
        checkpoint.load(path)
    assert name in str(info.value)
    assert "\n" not in str(info.value), str(info.value)


def test_a_missing_file_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="cannot read model file"):
        checkpoint.load(tmp_path / "absent.pt")
