"""Stanza's vocabularies, rebuilt from the state dicts saved in its model files.

After stanza/models/common/vocab.py, pos/vocab.py and common/pretrain.py (Apache-2.0):
the same normalisation (lower case where the vocabulary says so, a space in a pretrained
word read as a no-break space), unknown units as ``<UNK>``, and composite values
(``Feat=Val|Feat=Val``) split into one id per key."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

PAD_ID, UNK_ID, EMPTY_ID, ROOT_ID = 0, 1, 2, 3
PREFIX_SIZE = 4
_EMPTY = "<EMPTY>"


class Vocab:
    """A word, character, tag or pretrained-word vocabulary."""

    def __init__(self, state: Mapping[str, Any], pretrained: bool = False) -> None:
        self.id2unit: list[str] = list(state["_id2unit"])
        self.unit2id: dict[str, int] = dict(state["_unit2id"])
        self.lower = bool(state.get("lower", False))
        self.ignore = list(state.get("ignore", ()))     # WordVocab: units read as <EMPTY>
        self.pretrained = pretrained
        self._unk = self.unit2id.get("<UNK>", UNK_ID)

    def __len__(self) -> int:
        return len(self.id2unit)

    def normalize(self, unit: str) -> str:
        if self.lower:
            unit = unit.lower()
        if self.pretrained and unit:
            unit = unit.replace(" ", "\xa0")
        return unit

    def id_of(self, unit: str) -> int:
        if self.ignore and unit in self.ignore:
            return self.unit2id[_EMPTY]
        return self.unit2id.get(self.normalize(unit), self._unk)

    def map(self, units: Iterable[str]) -> list[int]:
        return [self.id_of(u) for u in units]

    def unit(self, ident: int) -> str:
        if self.ignore and ident == EMPTY_ID:
            return "_"
        return self.id2unit[ident]


class CompositeVocab:
    """Composite values: ``keyed`` (features, ``Key=Val`` parts) or positional parts."""

    def __init__(self, state: Mapping[str, Any]) -> None:
        self.parts: dict[Any, list[str]] = {k: list(v) for k, v in state["_id2unit"].items()}
        self.part_ids: dict[Any, dict[str, int]] = {k: dict(v) for k, v in state["_unit2id"].items()}
        self.sep: str | None = state.get("sep", "")
        self.keyed = bool(state.get("keyed", False))

    def __len__(self) -> int:
        return len(self.parts)

    def lens(self) -> list[int]:
        return [len(self.part_ids[k]) for k in self.part_ids]

    def _split(self, unit: str) -> Any:
        parts = list(unit) if not self.sep else unit.split(self.sep)
        if self.keyed:
            if len(parts) == 1 and parts[0] == "_":
                return {}
            pairs = [p.split("=") for p in parts]
            if any(len(p) != 2 for p in pairs):
                raise ValueError(f"{unit!r} is not of the form key=value{self.sep}...")
            return dict(pairs)
        return [] if unit == "_" else parts

    def ids_of(self, unit: str) -> list[int]:
        parts = self._split(unit)
        if self.keyed:
            return [self.part_ids[k].get(parts[k], UNK_ID) if k in parts else EMPTY_ID for k in self.part_ids]
        return [self.part_ids[i].get(parts[i], UNK_ID) if i < len(parts) else EMPTY_ID
                for i in range(len(self.part_ids))]

    def unit(self, ids: Iterable[int]) -> str:
        items = []
        for v, k in zip(ids, self.parts.keys()):
            if v == EMPTY_ID:
                continue
            items.append(f"{k}={self.parts[k][v]}" if self.keyed else self.parts[k][v])
        joined = (self.sep or "").join(items)
        return joined or "_"


def load_vocabs(states: Mapping[str, Any]) -> dict[str, Vocab | CompositeVocab]:
    """A model file's ``vocab`` entry: one vocabulary per column, typed by ``_key2class``."""
    classes = states.get("_key2class", {})
    out: dict[str, Vocab | CompositeVocab] = {}
    for name, state in states.items():
        if name == "_key2class":
            continue
        kind = classes.get(name, "")
        out[name] = CompositeVocab(state) if kind in ("FeatureVocab", "XPOSVocab", "CompositeVocab") else Vocab(state)
    return out
