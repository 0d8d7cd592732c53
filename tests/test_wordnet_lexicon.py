"""rules/wordnet.toml, the lexicon generated from WordNet 3.0 by scripts/gen_wordnet_lexicon.py:
its shape, what it must and must not list, that the hand-curated roles.toml decides where
the two disagree, and (where WordNet is installed) that the script reproduces it."""
from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORDNET_TOML = ROOT / "rules" / "wordnet.toml"
ROLES_TOML = ROOT / "rules" / "roles.toml"
SCRIPT = ROOT / "scripts" / "gen_wordnet_lexicon.py"
DEBIAN_WORDNET = Path("/usr/share/wordnet")
GUIDE_ROLES = {"official", "diplomat", "politician", "spokesperson", "military", "analyst", "source",
               "executive", "lawyer", "witness", "cleric", "journalist", "other"}


@pytest.fixture(scope="module")
def lexicon() -> dict:
    return tomllib.loads(WORDNET_TOML.read_text(encoding="utf-8"))


def role_of(lexicon: dict) -> dict[str, str]:
    return {p: role for role, phrases in lexicon["roles"].items() for p in phrases}


def all_phrases(lexicon: dict) -> list[str]:
    return ([p for phrases in lexicon["roles"].values() for p in phrases]
            + lexicon["bodies"]["words"] + lexicon["documents"]["words"])


def test_the_file_has_its_tables_with_guide_roles(lexicon):
    assert set(lexicon) == {"roles", "bodies", "documents"}
    assert set(lexicon["roles"]) <= GUIDE_ROLES
    assert {"analyst", "journalist", "official", "military", "other"} <= set(lexicon["roles"])
    assert len(lexicon["bodies"]["words"]) > 500 and len(lexicon["documents"]["words"]) > 200


def test_entries_are_lower_case_spaced_sorted_and_listed_once(lexicon):
    phrases = all_phrases(lexicon)
    assert all(p == p.lower() and p == p.strip() and "_" not in p and "  " not in p for p in phrases)
    assert len(phrases) == len(set(phrases))
    for phrases in [*lexicon["roles"].values(), lexicon["bodies"]["words"], lexicon["documents"]["words"]]:
        assert phrases == sorted(phrases)


def test_the_header_names_its_source_and_licence():
    head = WORDNET_TOML.read_text(encoding="utf-8").split("\n[roles]\n", 1)[0]
    assert "scripts/gen_wordnet_lexicon.py" in head and "WordNet 3.0" in head
    assert "rules/WORDNET-LICENSE" in head and "roles.toml decides" in head
    licence = (ROOT / "rules" / "WORDNET-LICENSE").read_text(encoding="utf-8")
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in licence
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in head


@pytest.mark.parametrize("phrase, role", [
    ("epidemiologist", "analyst"), ("statisticians", "analyst"), ("art historian", "analyst"),
    ("art historians", "analyst"), ("hydrologist", "analyst"), ("seismologist", "analyst"),
    ("columnist", "journalist"), ("columnists", "journalist"), ("drama critic", "journalist"),
    ("sportswriter", "journalist"), ("district attorney", "lawyer"), ("public defender", "lawyer"),
    ("archbishop", "cleric"), ("ayatollah", "cleric"), ("lieutenant colonel", "military"),
    ("paratrooper", "military"), ("legislator", "politician"), ("backbencher", "politician"),
    ("civil servant", "official"), ("magistrate", "official"), ("chief executive officer", "executive"),
    ("industrialist", "executive"), ("spokeswoman", "spokesperson"), ("ambassador", "diplomat"),
    ("eyewitness", "witness"), ("villager", "witness"),
    ("surgeon", "other"), ("orthopedist", "other"), ("anesthesiologist", "other"), ("footballer", "other"),
])
def test_kinds_of_person_take_the_role_of_their_nearest_mapped_hypernym(lexicon, phrase, role):
    assert role_of(lexicon).get(phrase) == role


def test_plurals_follow_english_and_wordnet_exceptions(lexicon):
    roles = role_of(lexicon)
    for plural in ("spokeswomen", "congressmen", "men of the cloth", "editors in chief", "chiefs of staff",
                   "charges d'affaires", "aides-de-camp", "attorneys general", "shamans"):
        assert plural in roles, plural
    assert "bureaux" in lexicon["bodies"]["words"] and "memoranda" in lexicon["documents"]["words"]


@pytest.mark.parametrize("word", ["agency", "militia", "union", "university", "company", "coastguard",
                                  "think tank", "police department", "central bank", "trade union"])
def test_bodies(lexicon, word):
    assert word in lexicon["bodies"]["words"]


@pytest.mark.parametrize("word", ["memo", "filing", "filings", "affidavit", "press release", "communique",
                                  "dossier", "white paper", "indictment", "forecast", "report"])
def test_documents(lexicon, word):
    assert word in lexicon["documents"]["words"]


@pytest.mark.parametrize("word", [
    "major", "provincial", "private",      # more often adjectives: a modifier would give the role
    "scanner", "interpreter", "pragmatist",  # stoplisted: mostly something else in news
    "wop", "pinko",                          # slurs and slang
    "men", "leaders", "government officials",  # people, not bodies
    "oil industry", "bull market", "syndicalism",  # sectors, markets, doctrines
    "ticket", "bond", "cheque",              # no document speaks
    "federation",                            # first senses never counted, not all of one kind
])
def test_what_the_filters_leave_out(lexicon, word):
    assert word not in all_phrases(lexicon)


def test_hand_curated_roles_decide_where_the_files_disagree(lexicon):
    from attribution.ruleset import load_rules
    from attribution.speakers import lexicon_for
    curated = tomllib.loads(ROLES_TOML.read_text(encoding="utf-8"))["roles"]
    curated_role = {}
    for role, phrases in curated.items():
        for p in phrases:
            curated_role.setdefault(p, role)
    generated = role_of(lexicon) | {p: "organisation" for p in lexicon["bodies"]["words"]} \
        | {p: "document" for p in lexicon["documents"]["words"]}
    disagreements = {p for p, role in generated.items() if p in curated_role and curated_role[p] != role}
    assert {"missionary", "volunteer"} <= disagreements  # there are some to decide
    loaded = lexicon_for(load_rules()).role_of
    for phrase in sorted(disagreements):
        assert loaded[tuple(phrase.split())] != generated[phrase], phrase
    # and the gaps roles.toml leaves are filled from WordNet
    for phrase, role in (("hydrologist", "analyst"), ("art historian", "analyst"),
                         ("position paper", "document"), ("think tank", "organisation")):
        assert curated_role.get(phrase, role) == role
        assert loaded[tuple(phrase.split())] == role, phrase


def load_script():
    spec = importlib.util.spec_from_file_location("gen_wordnet_lexicon", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (DEBIAN_WORDNET / "data.noun").is_file(),
                    reason="WordNet 3.0 database not installed (Debian package wordnet-base)")
def test_rerunning_the_script_reproduces_the_file():
    pytest.importorskip("nltk", reason="nltk reads the WordNet database")
    text, _, _ = load_script().generate(DEBIAN_WORDNET)
    assert text == WORDNET_TOML.read_text(encoding="utf-8"), \
        "rules/wordnet.toml is stale: rerun scripts/gen_wordnet_lexicon.py"


def test_pluralisation_rules():
    pluralise = load_script().pluralise
    exceptions = {"man": ["men"], "passer-by": ["passers-by"], "child": ["children"]}
    assert pluralise("witness", exceptions) == ["witnesses"]
    assert pluralise("secretary", exceptions) == ["secretaries"]
    assert pluralise("attorney", exceptions) == ["attorneys"]
    assert pluralise("chairwoman", exceptions) == ["chairwomen"]
    assert pluralise("human", exceptions) == ["humans"]
    assert pluralise("passer-by", exceptions) == ["passers-by"]
    assert pluralise("foster_child", exceptions) == ["foster_children"]
    assert pluralise("secretary_of_state", exceptions) == ["secretaries_of_state"]
    assert sorted(pluralise("spokesperson", exceptions)) == ["spokespeople", "spokespersons"]
    assert pluralise("sergeant_first_class", exceptions) == ["sergeants_first_class"]


@pytest.mark.skipif(not (DEBIAN_WORDNET / "noun.exc").is_file(),
                    reason="WordNet 3.0 database not installed (Debian package wordnet-base)")
def test_words_that_are_plural_already_get_no_second_plural():
    script = load_script()
    exceptions = script.plural_exceptions(DEBIAN_WORDNET, ["paper", "papers", "force", "armed_forces", "corps",
                                                           "witness", "letters_of_administration", "letter"])
    assert script.pluralise("papers", exceptions) == []
    assert script.pluralise("armed_forces", exceptions) == []
    assert script.pluralise("corps", exceptions) == []
    assert script.pluralise("letters_of_administration", exceptions) == []
    assert script.pluralise("witness", exceptions) == ["witnesses"]


def test_no_doubled_plurals_in_the_file(lexicon):
    phrases = set(all_phrases(lexicon))
    # "paperses" beside "papers": a plural made from a plural
    doubled = sorted(p for p in phrases if p.endswith("es") and p[:-2] in phrases
                     and p[:-2].endswith("s") and not p[:-2].endswith(("ss", "us", "is")))
    assert doubled == []
    assert "corpses" not in phrases and "army corps" in phrases
