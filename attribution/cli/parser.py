"""The argument parser of ``attribution`` (what each command does is in :mod:`.commands`)."""
from __future__ import annotations

from typing import NoReturn

import argparse

from .. import __version__
from ..errors import EXIT_ERROR
from ..extras import install_hint


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:               # one line, exit 2 (argparse's own convention)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")



def _jobs(value: str) -> int | str:
    """``--jobs``: a whole number (the schema checks its range) or 'auto'."""
    if value == "auto":
        return value
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number or 'auto', got {value!r}") from None

def add_input_options(p: argparse.ArgumentParser, format_help: str | None = None) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="story files (.txt .md .html .docx), folders (searched recursively) or - for stdin")
    p.add_argument("--model", default=None, metavar="NAME|PATH",
                   help="'embedded' (default: the small English models shipped in the package), "
                        "'stanza' (Stanza's official English models from STANZA_RESOURCES_DIR; "
                        "get them with 'attribution models download'), or a folder of model files")
    p.add_argument("--rules", default=None, metavar="DIR",
                   help="a folder of rules files that extend or override the shipped rules/")
    p.add_argument("--config", default=None, metavar="FILE",
                   help="one configuration file for the run and every story (default: the repository's "
                        "[tool.attribution] in pyproject.toml or attribution.toml, found from the current "
                        "folder, and each story's nearest one; see the README's Configuration)")
    p.add_argument("--cache-dir", default=None, metavar="DIR",
                   help="parse cache folder (default: .attribution-cache in the current folder)")
    p.add_argument("--no-cache", action="store_true", help="parse everything again; do not read or write the cache")
    p.add_argument("--exclude", action="append", default=None, metavar="PATTERN",
                   help="in folders, also skip paths matching this gitignore-style pattern (repeatable; "
                        "adds to the configuration's 'exclude'); files named here are always read")
    p.add_argument("--follow-symlinks", action="store_true",
                   help="in folders, also read symbolic links to files and folders that stay inside "
                        "the folder (default: links in folders are skipped)")
    p.add_argument("--max-size", type=float, default=None, metavar="MB",
                   help="refuse story files larger than this many megabytes (default 20)")
    p.add_argument("--jobs", type=_jobs, default=None, metavar="N|auto",
                   help="parse with N processes; 'auto' (the default) starts one per usable core when "
                        "more than one batch of stories needs parsing, and one otherwise")
    p.add_argument("--scheduler", default=None, metavar="ADDR",
                   help="parse and analyse on a Dask cluster at tcp://HOST:PORT "
                        f"(needs: {install_hint('dask')})")
    p.add_argument("--dask-local", type=int, default=None, metavar="N",
                   help="start a local Dask cluster of N worker processes for this run")
    p.add_argument("--format", default=None, metavar="FMT",
                   help=format_help or "output format: table (default on a terminal), markdown, json, csv, "
                                       "html, github, sarif")
    p.add_argument("--output", "-o", default=None, metavar="FILE",
                   help="write the report to FILE (atomically) instead of standard output")
    p.add_argument("--stdin-filename", default=None, metavar="NAME",
                   help="the name a story read from - (standard input) is reported under; its "
                        "suffix says how to read it (.html as HTML, .md as Markdown; default: plain text)")
    p.add_argument("--quiet", "-q", action="store_true",
                   help="no progress bar or warnings on stderr (errors are always shown)")


def build_parser() -> argparse.ArgumentParser:
    ap = Parser(prog="attribution",
                description="Audit news stories for source attribution: find quotations and reported "
                            "speech, link them to speakers, type the speakers (named / anonymous, role, "
                            "affiliation) and report how much a story relies on anonymous sources.")
    ap.add_argument("--version", action="version", version=f"attribution {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    audit = sub.add_parser("audit", help="report attributions, speaker types and anonymous shares",
                           description="Find every attribution in the stories and print tables: per "
                                       "article, per speaker type, and with --details every attribution.")
    add_input_options(audit)
    audit.add_argument("--details", action="store_true", help="also list every attribution")

    check = sub.add_parser("check", help="the CI gate: editorial findings with codes and exit status",
                           description="Run the editorial checks. Exit 0 when clean, 1 when a finding "
                                       "is at or above --fail-on, 2 on a usage or input error.")
    add_input_options(check)
    check.add_argument("--fail-on", default=None, choices=["info", "warning", "error"],
                       help="lowest severity that makes the exit status 1 (default: warning)")
    check.add_argument("--max-anonymous-share", type=float, default=None, metavar="X",
                       help="threshold for AC002 (default 0.5)")
    check.add_argument("--enable", default=None, metavar="CODES", help="comma-separated codes to run only")
    check.add_argument("--disable", default=None, metavar="CODES", help="comma-separated codes to skip")
    check.add_argument("--statistics", action="store_true",
                       help="count the findings per code instead of listing them "
                            "(formats table, markdown, json, csv)")
    check.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when there are findings (errors still exit 2)")
    check.add_argument("--color", "--colour", dest="color", default="auto", choices=["auto", "always", "never"],
                       help="colour the table format: auto (default) only on a terminal and when NO_COLOR "
                            "is not set, always, never")

    report = sub.add_parser("report", help="corpus tables (and plots) grouped by a metadata field",
                            description="Audit many stories and compare groups of them: articles, "
                                        "attributions, anonymous share (mean of articles and pooled), "
                                        "distinct sources by class and the top speaker types per group "
                                        "and overall.")
    add_input_options(report, format_help="table (default), markdown, csv or jsonl")
    report.add_argument("--by", default=None, metavar="FIELD",
                        help="group by this field: Markdown front matter, the --metadata file, or "
                             "'folder' (the story's parent folder); default: no grouping")
    report.add_argument("--metadata", default=None, metavar="FILE",
                        help="sidecar metadata: CSV with a file column, or JSON keyed by file name "
                             "(its values override front matter)")
    report.add_argument("--plots", default=None, metavar="DIR",
                        help="also write PNG and SVG plots to DIR "
                             f"(needs: {install_hint('plots')})")

    evaluate = sub.add_parser("evaluate", help="score the auditor against gold attribution files",
                              description="Audit the stories and score the result against gold files "
                                          "(one JSON file per story, paired by file name): content "
                                          "precision/recall/F1, speaker, class, role, affiliation and "
                                          "speaker-type accuracy, anonymous-share error.")
    evaluate.add_argument("gold", metavar="GOLD_DIR", help="folder of gold .json files")
    add_input_options(evaluate, format_help="table (default), markdown or json")
    evaluate.add_argument("--verbose", action="store_true", help="list misses, extras and wrong speakers")

    parse = sub.add_parser("parse", help="show Stanza's parse and the quotations found (rule debugging)")
    parse.add_argument("path", metavar="PATH", help="a story file or - for stdin")
    parse.add_argument("--format", default="text", choices=["text", "conllu"],
                       help="text (default): one sentence a block with dependency relations; conllu: "
                            "CoNLL-U with # sent_id and # text, which 'models evaluate' reads")
    parse.add_argument("--model", default=None, metavar="NAME|PATH", help="as for audit")
    parse.add_argument("--stdin-filename", default=None, metavar="NAME", help="as for audit")

    explain = sub.add_parser("explain", help="what a rule or finding code means, with examples")
    explain.add_argument("code", nargs="?", metavar="CODE|NAME",
                         help="a rule or finding code (AT101, AC001) or name (anonymous-without-reason); "
                              "none lists all")
    explain.add_argument("--format", default="text", choices=["text", "json"], help="text (default) or json")
    explain.add_argument("--rules", default=None, metavar="DIR", help="as for audit")

    models = sub.add_parser("models", help="the parsing models: info, evaluate, download, train")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION", parser_class=Parser)
    info = msub.add_parser("info", help="which model would be used, its identity and files")
    info.add_argument("--model", default=None, metavar="NAME|PATH")
    ev = msub.add_parser("evaluate", help="token F1, UPOS, UAS, LAS of the model on a UD CoNLL-U file")
    ev.add_argument("conllu", metavar="CONLLU")
    ev.add_argument("--model", default=None, metavar="NAME|PATH")
    msub.add_parser("download", help="download Stanza's official English models (needs internet)")
    tr = msub.add_parser("train", help="train the embedded models from UD English treebanks (an hour or more)")
    tr.add_argument("--ud", required=True, metavar="DIR", help="folder with UD_English-EWT and UD_English-GUM")
    tr.add_argument("--out", required=True, metavar="DIR", help="folder for the trained model files")
    tr.add_argument("--work", default="build/train", metavar="DIR", help="scratch folder")
    tr.add_argument("--vectors", choices=("broad", "treebank"), default="broad",
                    help="word vectors: broad (40,000 words, needs --minilm) or treebank (word2vec only)")
    tr.add_argument("--minilm", metavar="DIR", help="all-MiniLM-L6-v2 weights, used once to build broad vectors")

    cache = sub.add_parser("cache", help="manage the parse cache")
    csub = cache.add_subparsers(dest="cache_command", metavar="ACTION", parser_class=Parser)
    clear = csub.add_parser("clear", help="delete every cached parse")
    clear.add_argument("--cache-dir", default=None, metavar="DIR")
    return ap
