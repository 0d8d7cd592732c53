"""The engine and the rules data must hold for stories nobody tuned them to: they name no
person, place or body of the seed and dev stories (comments included). A name here is a
capitalised word written inside a sentence of those stories that the general lexicons
(countries, regions, parties, titles, WordNet) do not already hold for every story."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
STORIES = sorted((FIXTURES / "dev").glob("*.txt")) + [FIXTURES / "seed.txt"]
WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
# capitalised words of the stories that are everyday English, not a story's own names
GENERAL = {"Twitter", "Derby", "Sofia"}


def general_words() -> set[str]:
    """Words the shipped general lexicons hold: they are no story's own names."""
    out: set[str] = set()
    for path in (ROOT / "rules").glob("*.toml"):
        def walk(value):
            if isinstance(value, str):
                out.update(value.replace("-", " ").split())
            elif isinstance(value, list):
                for v in value:
                    walk(v)
            elif isinstance(value, dict):
                for k, v in value.items():
                    out.update(k.replace("-", " ").split())
                    walk(v)
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return {w for w in out if w[:1].isupper()} | {w.capitalize() for w in out if w.islower()}


def story_names() -> set[str]:
    general = general_words()
    names: set[str] = set()
    for story in STORIES:
        for sentence in re.split(r"(?<=[.!?])\s+|\n\s*\n", story.read_text(encoding="utf-8")):
            words = sentence.split()
            for token in words[1:]:
                m = WORD.fullmatch(token.strip(".,;:'\"()\u201c\u201d\u2018\u2019").removesuffix("'s").removesuffix("\u2019s"))
                if m and m.group(0) not in general and m.group(0) not in GENERAL and len(m.group(0)) > 3:
                    names.add(m.group(0))
    return names


def engine_texts():
    for path in sorted((ROOT / "attribution").rglob("*.py")):
        yield path, path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "rules").glob("*.toml")):
        yield path, path.read_text(encoding="utf-8")


def test_the_stories_have_names_to_look_for():
    names = story_names()
    assert len(names) > 50, sorted(names)


def test_no_engine_module_or_rules_file_names_a_story_name():
    names = story_names()
    found = []
    for path, text in engine_texts():
        for name in names:
            if re.search(rf"\b{re.escape(name)}\b", text):
                found.append(f"{path.relative_to(ROOT)}: {name}")
    assert not found, found
