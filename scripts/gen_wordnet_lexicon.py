#!/usr/bin/env python3
"""Generate rules/wordnet.toml, the lexical backbone grown from WordNet 3.0.

    python scripts/gen_wordnet_lexicon.py [--wordnet-dir /usr/share/wordnet] [--out rules/wordnet.toml]
                                          [--explain /tmp/wordnet-explain.tsv]

Reads the WordNet 3.0 database files (Debian package ``wordnet-base``) with nltk's
WordNet reader, offline, and writes three tables:

- ``[roles]``: nouns for people (hyponyms of person.n.01), each given the guide's role
  (section 4) of its nearest hypernym in ``ROLE_ANCHORS`` below;
- ``[bodies] words``: common nouns for bodies (hyponyms of organization.n.01 and
  social_group.n.01);
- ``[documents] words``: common nouns for documents and written or stated messages.

Every entry is lower case, underscores read as spaces, singular and plural. A word is
kept only where the sense that puts it in a table is its first noun sense (WordNet
orders a word's senses by their frequency in its sense-tagged corpus, cntlist), so
words that mostly mean something else stay out; ``STOPLIST`` removes the rest by hand.
The output is sorted and depends only on the WordNet files: rerunning reproduces it
byte for byte. Hand-curated entries (rules/roles.toml) keep priority where the engine
loads both files; this file does not read them.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WORDNET_DIR = Path("/usr/share/wordnet")
DEFAULT_OUT = ROOT / "rules" / "wordnet.toml"

# The 45 lexicographer files of WordNet 3.0, numbered as in lexnames(5WN). Debian's
# wordnet-base ships the database without the ``lexnames`` file nltk's reader opens, so
# it is written beside a copy of the database when missing.
LEXNAMES = (
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
    "noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event",
    "noun.feeling", "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object",
    "noun.person", "noun.phenomenon", "noun.plant", "noun.possession", "noun.process",
    "noun.quantity", "noun.relation", "noun.shape", "noun.state", "noun.substance", "noun.time",
    "verb.body", "verb.change", "verb.cognition", "verb.communication", "verb.competition",
    "verb.consumption", "verb.contact", "verb.creation", "verb.emotion", "verb.motion",
    "verb.perception", "verb.possession", "verb.social", "verb.stative", "verb.weather", "adj.ppl",
)
LEXNAME_CATEGORY = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}
DATABASE_FILES = (
    "index.noun", "index.verb", "index.adj", "index.adv", "data.noun", "data.verb", "data.adj",
    "data.adv", "noun.exc", "verb.exc", "adj.exc", "adv.exc", "cntlist.rev",
)

PERSON_ROOT = "person.n.01"
GROUP_ROOT = "group.n.01"
COMMUNICATION_ROOT = "communication.n.02"

# synset -> role (ATTRIBUTION-GUIDE section 4). A person noun takes the role of the
# nearest of these among its hypernyms (itself included); at equal distance the role
# earlier in ROLE_TIE_ORDER wins. A noun under none of them is left out: the engine's
# default role is `other`. The `other` anchors are kinds the guide names as `other`
# (doctors, engineers, players, coaches, teachers ...), so that a head noun such as
# "orthopedist" says `other` instead of letting a modifier decide. An anchor mapped to
# None closes a branch that sits under a mapped kind but is not of that kind (marksmen
# and virtuosos are "experts" in WordNet, spies and talent agents "representatives").
ROLE_ANCHORS: dict[str, str | None] = {
    # analysts, experts, researchers, academics; scientists and scholars of every field
    "expert.n.01": "analyst", "analyst.n.01": "analyst", "analyst.n.02": "analyst",
    "scientist.n.01": "analyst", "research_worker.n.01": "analyst", "scholar.n.01": "analyst",
    "economist.n.01": "analyst", "academician.n.03": "analyst", "professor.n.01": "analyst",
    "pollster.n.01": "analyst", "strategist.n.01": "analyst", "initiate.n.02": "analyst",
    "observer.n.02": "analyst", "futurist.n.01": "analyst", "theorist.n.01": "analyst",
    "adviser.n.01": "analyst",
    # journalists: critics, columnists, editors, reporters, broadcasters
    "journalist.n.01": "journalist", "newsman.n.01": "journalist", "critic.n.01": "journalist",
    "reviewer.n.01": "journalist", "commentator.n.02": "journalist", "editor.n.01": "journalist",
    "broadcaster.n.01": "journalist", "announcer.n.02": "journalist",
    "photojournalist.n.01": "journalist",
    # lawyers: prosecutors and defence counsel
    "lawyer.n.01": "lawyer", "prosecutor.n.01": "lawyer", "jurist.n.01": "lawyer",
    # clerics
    "clergyman.n.01": "cleric", "cleric.n.01": "cleric", "religious_leader.n.01": "cleric",
    "spiritual_leader.n.01": "cleric", "imam.n.01": "cleric", "religious.n.01": "cleric",
    "theologian.n.01": "cleric",
    # military
    "serviceman.n.01": "military", "military_officer.n.01": "military", "soldier.n.01": "military",
    "military_leader.n.01": "military", "warrior.n.01": "military",
    # politicians: legislators, candidates, party figures
    "politician.n.01": "politician", "politician.n.02": "politician", "legislator.n.01": "politician",
    "lawgiver.n.01": "politician", "campaigner.n.01": "politician", "representative.n.01": "politician",
    "parliamentarian.n.02": "politician",
    # officials: office holders, heads of state, ministers, rulers, judges, police
    "official.n.01": "official", "administrator.n.03": "official", "ruler.n.01": "official",
    "head_of_state.n.01": "official", "minister.n.02": "official", "judge.n.01": "official",
    "lawman.n.01": "official", "union_representative.n.01": "official",
    # executives
    "executive.n.01": "executive", "corporate_executive.n.01": "executive",
    "businessman.n.01": "executive", "businesswoman.n.01": "executive",
    "entrepreneur.n.01": "executive", "baron.n.03": "executive", "financier.n.01": "executive",
    "president.n.04": "executive",
    # spokespeople
    "spokesperson.n.01": "spokesperson", "publicist.n.01": "spokesperson",
    # diplomats
    "diplomat.n.01": "diplomat", "emissary.n.01": "diplomat", "mediator.n.01": "diplomat",
    # witnesses, residents, bystanders
    "witness.n.01": "witness", "eyewitness.n.01": "witness", "bystander.n.01": "witness",
    "onlooker.n.01": "witness", "resident.n.01": "witness", "villager.n.01": "witness",
    "islander.n.01": "witness", "passenger.n.01": "witness",
    # clearly other kinds
    "health_professional.n.01": "other", "therapist.n.01": "other", "engineer.n.01": "other",
    "athlete.n.01": "other", "coach.n.01": "other", "player.n.01": "other", "teacher.n.01": "other",
    "entertainer.n.01": "other", "craftsman.n.03": "other", "farmer.n.01": "other",
    "merchant.n.01": "other", "student.n.01": "other", "accountant.n.01": "other",
    "juror.n.01": "other", "cosmetologist.n.01": "other", "prosthetist.n.01": "other",
    "interior_designer.n.01": "other", "graphic_designer.n.01": "other", "tree_surgeon.n.01": "other",
    # military and cultural attaches are "specialists" in WordNet, diplomats in the guide
    "attache.n.01": "diplomat",
    # branches under a mapped kind that are not of it
    "ace.n.03": None, "all-rounder.n.01": None, "archer.n.01": None, "black_belt.n.01": None,
    "calculator.n.01": None, "cabalist.n.02": None, "mnemonist.n.01": None, "nerd.n.02": None,
    "out-and-outer.n.01": None, "past_master.n.02": None, "scout.n.04": None, "shark.n.03": None,
    "shot.n.05": None, "talent.n.02": None, "technician.n.02": None, "veteran.n.03": None,
    "lapidary.n.01": None, "arbiter.n.01": None, "investigator.n.02": None, "authority.n.03": None,
    "alumnus.n.01": None, "salutatorian.n.01": None, "valedictorian.n.01": None, "reader.n.01": None,
    "pedant.n.01": None, "bibliophile.n.01": None, "goliard.n.01": None,
    "agent.n.02": None, "contact.n.05": None, "personal_representative.n.01": None,
    "matchmaker.n.01": None, "traveling_salesman.n.01": None, "advertiser.n.01": None,
    "promoter.n.01": None, "sensationalist.n.01": None, "tout.n.01": None,
    "disk_jockey.n.01": None, "church_officer.n.01": None, "teller.n.02": None,
    "usher.n.02": None, "searcher.n.02": None, "sealer.n.02": None, "noticer.n.02": None,
    "macebearer.n.01": None, "invalidator.n.01": None, "weigher.n.01": None,
    "crossing_guard.n.01": None, "meter_maid.n.01": None, "rainmaker.n.01": None,
}
ROLE_TIE_ORDER = ("spokesperson", "diplomat", "lawyer", "executive", "analyst", "cleric",
                  "military", "journalist", "politician", "official", "witness", "other")

# Bodies: organisations, and the social groups that act as bodies (boards, juries,
# faculties, political movements); not kin, gatherings, art movements or countries
# (places are their own kind).
BODY_ROOTS = ("organization.n.01", "body.n.02", "political_movement.n.01", "reform_movement.n.01",
              "organized_crime.n.01")
BODY_EXCLUDED = ("political_unit.n.01", "family.n.01", "religion.n.02", "colony.n.01",
                 "diaspora.n.01", "public.n.02", "vote.n.04", "immigration.n.02", "registration.n.02",
                 "representation.n.05", "christendom.n.01", "occupational_group.n.01", "member.n.04",
                 "instrumentality.n.01", "general_delivery.n.01", "combination.n.04", "den.n.03",
                 "intensive_care_unit.n.01", "host.n.06", "machine.n.03", "machine.n.05", "pool.n.03",
                 "line_of_defense.n.01", "defense.n.09", "blue.n.03", "grey.n.04", "hierarchy.n.02",
                 "establishment.n.05", "fiefdom.n.02", "affiliate.n.02")
# Head words of group nouns that name a doctrine ("syndicalism"), a market or a sector
# ("the oil industry"): no body speaks as one.
BODY_NOT_HEADS = ("ism", "market", "industry")
# Documents: what a document speaker is (a report, filing, statement, letter, record or
# article), not money, securities, tickets or forms.
DOCUMENT_ROOTS = ("document.n.01", "filing.n.01", "report.n.01", "report.n.03", "announcement.n.02",
                  "written_record.n.01", "letter.n.01", "article.n.01", "manifesto.n.01",
                  "pronouncement.n.01", "prediction.n.02")
DOCUMENT_EXCLUDED = ("security.n.04", "negotiable_instrument.n.01", "derivative_instrument.n.01",
                     "commercial_document.n.01", "license.n.01", "passport.n.02", "form.n.08",
                     "papyrus.n.03", "translation.n.01", "entry.n.01", "source.n.02", "ballot.n.01",
                     "enclosure.n.04", "voucher.n.02", "stub.n.04", "invitation.n.01",
                     "dead_letter.n.02", "chain_letter.n.01", "round_robin.n.02")

# Usage labels that keep a sense out: a report does not quote a slur as a role.
EXCLUDED_USAGE = frozenset({"disparagement.n.01", "ethnic_slur.n.01", "slang.n.02", "obscenity.n.02",
                            "archaism.n.01"})

# Words the filters let through that are much more often something else in news text,
# or that would mislead as the head of a speaker's description.
STOPLIST = {
    "roles": frozenset({
        # philosophical schools: in news, adherents of a view, not scholars
        "determinist", "eclectic", "eclecticist", "egalitarian", "elitist", "empiricist",
        "equalitarian", "existentialist", "fatalist", "libertarian", "mandarin", "mechanist",
        "moralist", "nativist", "naturalist", "necessitarian", "nominalist", "pluralist",
        "pragmatist", "predestinarian", "predestinationist", "realist", "transcendentalist",
        "utilitarian", "yogi", "gymnosophist", "humanist", "purist",
        # mostly things, not people
        "scanner", "redact", "text editor", "calculator", "primate", "metropolitan", "shepherd",
        "tracer", "mace", "screw", "tec", "dick", "bull", "redcap", "shoofly", "trier", "voider",
        "lister", "coaster", "outlier", "tackle", "center", "end", "back", "hand", "closer",
        "finisher", "hooker", "swinger", "tumbler", "turner", "stepper", "putter", "slicer",
        "raiser", "snapper", "whiffer", "hopper", "peeler", "styler", "stuffer", "wheeler",
        "tinter", "splicer", "edger", "baster", "shower", "drawer", "sower", "fodder",
        "fresh fish", "goldbrick", "brave", "irregular", "territorial", "voluntary", "striper",
        "ranker", "orderly", "private", "ordinary", "provincial", "holdover", "swayer",
        "penman", "divine", "religious", "colonial", "bookman", "generalist",
        # specialists of no analytic kind, odd editors, odd business people
        "room decorator", "racetrack tout", "tipster", "transplanter", "pothunter", "propagator",
        "starets", "investigator", "abbreviator", "abridger", "bowdleriser", "bowdlerizer", "expurgator",
        "bank clerk", "cashier", "bookseller", "brothel keeper", "boniface", "innkeeper",
        "saloon keeper", "victualer", "victualler", "lessor", "lease giver", "transactor", "city man",
        "timberman", "supermarketeer", "supermarketer", "syndicator", "concessionaire",
        "concessioner", "amalgamator", "arb", "arbitrager", "arbitrageur", "broker-dealer",
        # go-betweens that are no diplomats; ideologies that are no office
        "interpreter", "dragoman", "symboliser", "symbolizer", "second hand", "appeaser",
        "persona grata", "persona non grata", "apostolic delegate", "collectivist", "leftist",
        "left-winger", "revisionist", "commie", "pinko", "nabob", "promulgator",
        # religious figures of myth, soldiers by nickname, odd duties
        "bacchante", "vestal virgin", "grand mufti", "noncombatant", "kitchen police",
        "charge of quarters", "sprog", "devil dog", "lobsterback", "yard bird", "yardbird",
        # a sports move, a pastime or a joke rather than a kind of person in the news
        "don", "geek", "joker", "wag", "zany", "lifter", "leaper", "hitter", "kicker", "scorer",
        "rusher", "locater", "locator", "licensee", "hacker", "shuffler", "pleaser", "upstager",
        "harmoniser", "harmonizer", "sandboy", "muffin man", "motley fool", "merry andrew",
        "venturer", "section man", "end man", "corner man", "elder hand", "eldest hand", "declarer",
        "field general", "spear carrier", "walk-on", "second banana", "top banana", "straight man",
        "executant", "nonreader", "underachiever", "overachiever", "nonachiever", "utility man",
        "profit taker", "second-stringer",
    }),
    "bodies": frozenset({
        "host", "machine", "grey", "blue", "pool", "defense", "defence", "cast", "van", "el", "tech",
        "metro", "subway", "processor", "issuer", "bottler", "direct mailer", "transfer agent",
        "hegemon", "suzerain", "white knight", "white squire", "takeover target", "friendly",
        "hostile", "enemy", "ally", "mates", "folks", "majors", "minors", "reserves", "strings",
        "insurance underwriter", "menage", "grade", "echelon", "gridlock", "revolving door",
        "trip wire", "snarl-up", "traffic jam", "chute-the-chute", "hypercoaster", "funicular",
        "elevated", "monorail", "carload", "big dipper", "argosy", "at home", "galere",
        "instrumentality", "outfit", "combo", "bloc", "full complement", "second string",
        "first team", "varsity", "junior varsity", "indie", "large cap", "small cap", "corp",
        "telco", "pharma", "dot com", "dot-com", "majority", "minority", "opposition",
        # the people of a body, not the body
        "personnel", "manpower", "work force", "workforce", "rank and file", "membership",
        "soldiery", "officialdom", "top brass", "line personnel", "management personnel",
        "government officials", "staff",
        # a part or a state of things, not a body that speaks
        "alignment", "alinement", "battery", "branch", "division", "circus", "ensemble",
        "vanguard", "rearguard", "fellowship", "sleeper nest", "town meeting", "day watch",
        "shell entity", "target company", "scheduled territories", "sterling area", "sterling bloc",
        "screenland", "filmdom", "show biz", "show business", "rag trade", "gangdom", "gangland",
        "welfare state", "totalitarian state", "authoritarian state", "puppet state", "lake poets",
        "art nouveau", "sezession", "venire", "posse", "hawala", "money market", "mission",
    }),
    "documents": frozenset({
        "bill", "act", "brief", "will", "deed", "mandate", "manifest", "opinion", "patent", "return",
        "register", "entry", "note", "minutes", "log", "chronology", "blotter", "platform",
        "charter", "resolution", "resignation", "confession", "capitulation", "specification",
        "copyright", "conveyance", "assignment", "arraignment", "impeachment", "program",
        "programme", "exclusive", "feature", "paper", "column", "pastoral", "epistle", "threat",
        # acts and states rather than texts
        "copy", "ban", "concession", "prohibition", "franchise", "escrow", "divestiture",
        "garnishment", "enfeoffment", "enjoining", "enjoinment", "jot", "jotting", "forecasting",
        "fortunetelling", "horoscope", "extropy", "transactions", "urban legend", "authorization",
        "credential", "credentials", "fiat", "dictum", "timeline", "racecard", "playbill",
        "studbook", "marginalia", "weather forecasting", "newsbreak", "banns",
    }),
}

# English pluralisation, for lemmas noun.exc does not list.
PREPOSITIONS = frozenset({"of", "in", "at", "on", "for", "to", "from", "with", "de", "du", "la"})
MAN_NOT_MEN = frozenset({"human", "shaman", "brahman", "hetman", "ataman", "dragoman", "talisman",
                         "ottoman", "caiman", "cayman", "dolman", "desman", "firman", "walkman", "german",
                         "roman", "musselman", "mussulman", "leman"})
SIBILANTS = ("s", "x", "z", "ch", "sh")
SAME_IN_BOTH_NUMBERS = ("corps", "headquarters", "sawbones", "series", "species", "means", "facias", "paratroops", "muniments",
                        "comitatus")
# compounds whose head is not where the rules above look for it
PLURALS_BY_HAND = {"sergeant_first_class": ["sergeants_first_class"]}


def open_wordnet(wordnet_dir: Path, scratch: Path):
    """nltk's WordNet reader over a private copy of the database in ``scratch``."""
    import nltk  # type: ignore[import-untyped]
    from nltk.corpus.reader.wordnet import WordNetCorpusReader  # type: ignore[import-untyped]

    class OfflineWordNet(WordNetCorpusReader):
        # nltk maps sense keys to its own downloaded WordNet when the versions differ;
        # this one is the only WordNet there is.
        def map_wn(self, version="wordnet"):
            return None

    missing = [f for f in DATABASE_FILES if not (wordnet_dir / f).is_file()]
    if missing:
        raise SystemExit(f"{wordnet_dir}: not a WordNet 3.0 database (missing {', '.join(missing)}); "
                         "install the Debian package wordnet-base or pass --wordnet-dir")
    for name in DATABASE_FILES:
        shutil.copyfile(wordnet_dir / name, scratch / name)
    if (wordnet_dir / "lexnames").is_file():
        shutil.copyfile(wordnet_dir / "lexnames", scratch / "lexnames")
    else:
        (scratch / "lexnames").write_text(
            "".join(f"{i:02d}\t{name}\t{LEXNAME_CATEGORY[name.split('.')[0]]}\n"
                    for i, name in enumerate(LEXNAMES)), encoding="utf-8")
    # nltk reads files only under its data path (its path sandbox)
    nltk.data.path.insert(0, str(scratch))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "multilingual functions are not available"
        reader = OfflineWordNet(str(scratch), None)
    if reader.get_version() != "3.0":
        raise SystemExit(f"{wordnet_dir}: WordNet {reader.get_version()}, expected 3.0")
    return reader


def hyponym_closure(wn, roots) -> set:
    """The roots and every synset below them (class hyponyms; instances are names)."""
    out = set()
    for root in roots:
        synset = wn.synset(root)
        out.add(synset)
        out.update(synset.closure(lambda s: s.hyponyms()))
    return out


def nearest_role(synset, anchors: dict) -> tuple[str | None, str] | None:
    """(role, anchor name) of the nearest anchor among the synset and its hypernyms; the
    role is None where the nearest anchor closes its branch."""
    unlisted = len(ROLE_TIE_ORDER)  # at equal distance a role beats a closed branch
    seen, frontier = {synset}, [synset]
    while frontier:
        hits = sorted((ROLE_TIE_ORDER.index(anchors[s.name()]) if anchors[s.name()] else unlisted, s.name())
                      for s in frontier if s.name() in anchors)
        if hits:
            name = hits[0][1]
            return anchors[name], name
        nxt = []
        for s in frontier:
            for h in s.hypernyms():
                if h not in seen:
                    seen.add(h)
                    nxt.append(h)
        frontier = sorted(nxt, key=lambda s: s.name())
    return None


def noun_senses(wn, lemma_name: str) -> list:
    """The word's noun senses in WordNet's order, case kept ("rebel" is not "Rebel")."""
    return [s for s in wn.synsets(lemma_name, pos="n") if lemma_name in s.lemma_names()]


def sense_count(synset, lemma_name: str) -> int:
    return sum(lemma.count() for lemma in synset.lemmas() if lemma.name() == lemma_name)


def why_not(wn, lemma_name: str, synset, kind: set) -> str | None:
    """Why the word should not be listed for this sense (None: list it).

    WordNet orders a word's senses by their frequency in its sense-tagged corpus
    (cntlist); a word is listed only for its first noun sense. Where it has several and
    the first was never seen in that corpus, the order says nothing, so the word is
    listed only if every noun sense is of the same kind (``kind``: all persons, all
    groups, all communications: "envoy", not "goalkeeper" the player and the position).
    A single word that is more often an adjective ("major", "provincial") would give a
    role from a modifier, so it stays out."""
    senses = noun_senses(wn, lemma_name)
    if not senses or senses[0] != synset:
        return "not its first noun sense"
    if len(senses) > 1 and sense_count(synset, lemma_name) == 0 and not all(s in kind for s in senses):
        return "several kinds of noun sense, none counted"
    if "_" not in lemma_name:
        as_noun = sum(sense_count(s, lemma_name) for s in senses)
        as_adjective = sum(sense_count(s, lemma_name) for s in wn.synsets(lemma_name, pos="a")
                           if lemma_name in s.lemma_names())
        if as_adjective > as_noun:
            return "more often an adjective"
    return None


def excluded_usage(synset) -> bool:
    return any(d.name() in EXCLUDED_USAGE for d in synset.usage_domains())


def plural_exceptions(wordnet_dir: Path, noun_lemmas) -> dict[str, list[str]]:
    """lemma -> its irregular plurals, from WordNet's noun.exc (plural lemma [lemma ...]);
    a word that is a plural already ("papers", "forces", "corps") or the same in both
    numbers ("headquarters") gets none, so no "paperses"."""
    out: dict[str, list[str]] = {}
    for line in (wordnet_dir / "noun.exc").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        for lemma in parts[1:]:
            out.setdefault(lemma, []).append(parts[0])
    nouns = set(noun_lemmas)
    words = {w for lemma in nouns for w in lemma.replace("-", "_").split("_")}
    for word in sorted(words):
        if word in out or not word.endswith("s") or word.endswith(("ss", "us", "is")):
            continue
        if word[:-1] in nouns or (word.endswith("es") and word[:-2] in nouns):
            out[word] = []
    for word in SAME_IN_BOTH_NUMBERS:
        out[word] = []
    return out


def regular_plural(word: str) -> list[str]:
    if word.endswith("woman"):
        return [word[:-5] + "women"]
    if word.endswith("man") and word not in MAN_NOT_MEN:
        return [word[:-3] + "men"]
    if word.endswith("person"):
        return [word + "s", word[:-6] + "people"]
    if word.endswith(SIBILANTS):
        return [word + "es"]
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return [word[:-1] + "ies"]
    return [word + "s"]


def pluralise(lemma: str, exceptions: dict[str, list[str]]) -> list[str]:
    """Plurals of a WordNet lemma (underscores still in): the whole lemma in noun.exc, else
    its head word, the word before a preposition ("secretary of state") or the last."""
    if lemma in PLURALS_BY_HAND:
        return PLURALS_BY_HAND[lemma]
    if lemma in exceptions:
        return sorted(exceptions[lemma])
    for sep in ("_", "-"):
        if sep in lemma:
            words = lemma.split(sep)
            head = len(words) - 1
            for i, w in enumerate(words[1:], start=1):
                if w in PREPOSITIONS or w.startswith("d'"):
                    head = i - 1
                    break
            plurals = [sep.join(words[:head] + [p] + words[head + 1:])
                       for p in pluralise(words[head], exceptions)]
            if len(words) == 2 and words[1] == "general":
                # "attorneys general" beside "attorney generals"; "majors general" does no harm
                plurals += [sep.join([p, words[1]]) for p in pluralise(words[0], exceptions)]
            return sorted(set(plurals))
    return regular_plural(lemma)


def spelled(lemma: str) -> str:
    return lemma.replace("_", " ")


def is_common_noun(lemma: str) -> bool:
    return lemma == lemma.lower() and any(c.isalpha() for c in lemma) and not any(c.isdigit() for c in lemma)


def collect(wn, exceptions: dict[str, list[str]]):
    """(table, key) -> {phrase: (lemma, synset name, anchor)} for the three tables, and the
    words left out with the reason."""
    persons = hyponym_closure(wn, [PERSON_ROOT])
    for name in ROLE_ANCHORS:
        if wn.synset(name) not in persons:
            raise SystemExit(f"anchor {name} is not a kind of person in this WordNet")
    # by the synset's own name: "newsman.n.01" is the synset WordNet names reporter.n.01
    anchors = {wn.synset(name).name(): role for name, role in ROLE_ANCHORS.items()}
    tables: dict[tuple[str, str], dict[str, tuple[str, str, str]]] = {}
    dropped: list[tuple[str, str, str]] = []
    # plural lemmas of person nouns ("men", "leaders") name people, not bodies
    person_plurals = {p for s in persons for lemma in s.lemma_names() if is_common_noun(lemma)
                      for p in pluralise(lemma, exceptions)}

    kinds = {"roles": persons, "bodies": hyponym_closure(wn, [GROUP_ROOT]),
             "documents": hyponym_closure(wn, [COMMUNICATION_ROOT])}

    def add(table, key, lemma, synset, anchor):
        if not is_common_noun(lemma):
            return
        reason = why_not(wn, lemma, synset, kinds[table])
        if reason is None and excluded_usage(synset):
            reason = "usage label"
        if reason is None and spelled(lemma) in STOPLIST[table]:
            reason = "stoplist"
        if reason is None and table == "bodies" and lemma in person_plurals:
            reason = "plural of a person noun"
        if reason is None and table == "bodies" and lemma.split("_")[-1].endswith(BODY_NOT_HEADS):
            reason = "a doctrine, market or sector, not a body"
        if reason is not None:
            if reason not in ("not its first noun sense",):
                dropped.append((table, spelled(lemma), reason))
            return
        for phrase in [lemma] + pluralise(lemma, exceptions):
            tables.setdefault((table, key), {})[spelled(phrase)] = (lemma, synset.name(), anchor)

    for synset in sorted(persons, key=lambda s: s.name()):
        mapped = nearest_role(synset, anchors)
        if mapped is None or mapped[0] is None:
            continue
        role, anchor = mapped
        for lemma in synset.lemma_names():
            add("roles", role, lemma, synset, anchor)

    for table, roots, excluded in (("bodies", BODY_ROOTS, BODY_EXCLUDED),
                                   ("documents", DOCUMENT_ROOTS, DOCUMENT_EXCLUDED)):
        below = hyponym_closure(wn, roots) - hyponym_closure(wn, excluded)
        for synset in sorted(below, key=lambda s: s.name()):
            for lemma in synset.lemma_names():
                add(table, "words", lemma, synset, "")
    return tables, sorted(set(dropped))


def unique(tables):
    """Each phrase once in the file: a word's own singular beats another word's plural
    ("data" the set of facts, not a plural of "datum"), then the table order."""
    owner: dict[str, tuple[int, tuple[str, str]]] = {}
    order = [("roles", r) for r in ROLE_TIE_ORDER] + [("bodies", "words"), ("documents", "words")]
    for rank, key in enumerate(order):
        for phrase, (lemma, _, _) in tables.get(key, {}).items():
            score = (0 if spelled(lemma) == phrase else 1, rank)
            if phrase not in owner or score < owner[phrase][0]:
                owner[phrase] = (score, key)
    return {key: {p: v for p, v in entries.items() if owner[p][1] == key}
            for key, entries in tables.items()}


def toml_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wordnet_licence(wordnet_dir: Path) -> list[str]:
    """The licence WordNet prints at the head of its database files (data.noun)."""
    lines = []
    with open(wordnet_dir / "data.noun", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("  "):
                break
            lines.append(line.strip().split(" ", 1)[1].strip() if " " in line.strip() else "")
    return lines


def render(tables, licence: list[str]) -> str:
    lines = [
        "# GENERATED by scripts/gen_wordnet_lexicon.py from WordNet 3.0 (Princeton University);",
        "# do not edit by hand: change the script and rerun it, which reproduces this file.",
        "#",
        "# Role, body and document nouns (lower case, singular and plural) that fill the gaps of",
        "# the hand-curated lexicon: where rules/roles.toml lists a phrase, roles.toml decides.",
        "# [roles]: kinds of person (hyponyms of person.n.01), each with the guide's role of its",
        "# nearest mapped hypernym (scientists and scholars: analyst; critics and editors:",
        "# journalist ...). [bodies]: kinds of organisation and of body (boards, juries,",
        "# movements). [documents]: kinds of document, report, news report, announcement,",
        "# record, letter, article, filing and forecast.",
        "# A word is listed only where that is its first (most frequent) WordNet noun sense;",
        "# slurs, slang and words more often adjectives are left out, and a stoplist in the",
        "# script removes words that mostly mean something else in news text.",
        "#",
        "# WordNet's licence (also in rules/WORDNET-LICENSE):",
        "#",
    ]
    lines += [f"# {line}".rstrip() for line in licence]
    lines += ["", "[roles]"]
    for role in sorted({k for t, k in tables if t == "roles"}):
        lines.append(f"{role} = [")
        lines.extend(f"  {toml_string(p)}," for p in sorted(tables[("roles", role)]))
        lines.append("]")
    for table in ("bodies", "documents"):
        lines += ["", f"[{table}]", "words = ["]
        lines.extend(f"  {toml_string(p)}," for p in sorted(tables.get((table, "words"), {})))
        lines.append("]")
    return "\n".join(lines) + "\n"


def explain(tables, dropped) -> str:
    rows = ["table\tkey\tphrase\tlemma\tsynset\tanchor"]
    for (table, key), entries in sorted(tables.items()):
        for phrase, (lemma, synset, anchor) in sorted(entries.items()):
            rows.append(f"{table}\t{key}\t{phrase}\t{lemma}\t{synset}\t{anchor}")
    rows.extend(f"{table}\tleft out\t{word}\t\t\t{reason}" for table, word, reason in dropped)
    return "\n".join(rows) + "\n"


def generate(wordnet_dir: Path) -> tuple[str, str, list]:
    """(file text, explanation TSV, dropped words) from the WordNet files in wordnet_dir."""
    scratch = Path(tempfile.mkdtemp(prefix="wordnet-"))
    os.chmod(scratch, 0o700)
    try:
        wn = open_wordnet(wordnet_dir, scratch)
        tables, dropped = collect(wn, plural_exceptions(wordnet_dir, wn.all_lemma_names(pos="n")))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    tables = unique(tables)
    return render(tables, wordnet_licence(wordnet_dir)), explain(tables, dropped), dropped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wordnet-dir", type=Path, default=DEFAULT_WORDNET_DIR,
                    help="WordNet 3.0 database folder (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output file (default: rules/wordnet.toml)")
    ap.add_argument("--explain", type=Path, help="also write a TSV: each phrase, its synset and anchor")
    args = ap.parse_args(argv)
    text, why, dropped = generate(args.wordnet_dir)
    args.out.write_text(text, encoding="utf-8")
    if args.explain:
        args.explain.write_text(why, encoding="utf-8")
    print(f"wrote {args.out} ({text.count(chr(10))} lines; {len(dropped)} stoplisted words)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
