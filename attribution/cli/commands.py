"""What each command does (:mod:`.parser` only parses arguments)."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ..checks import SEVERITY_RANK, check_table, run_checks, worst
from ..errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, InputError, UsageError
from ..output import render
from ..output.text import one_line
from ..parse.cache import ParseCache
from ..read import DEFAULT_MAX_BYTES, article_from_bytes, read_article, read_bounded
from ..read.documents import format_of
from ..ruleset import Rules, load_rules
from .run import emit, run_engine
from .settings import DEFAULT_CACHE, settings_for


def dispatch(args: argparse.Namespace) -> int:
    handler = {"audit": cmd_audit, "check": cmd_check, "parse": cmd_parse, "explain": cmd_explain,
               "models": cmd_models, "cache": cmd_cache, "report": cmd_report,
               "evaluate": cmd_evaluate}[args.command]
    return handler(args)


# --- commands ------------------------------------------------------------------------------

def cmd_audit(args: argparse.Namespace) -> int:
    s = settings_for(args)
    results, errors, meta = run_engine(args, s)
    for r in results:
        r.findings = run_checks(r, *s.for_story(r.article.path))
    emit(render(s.format, results, errors, meta, details=args.details, rules=s.rules), args.output)
    return EXIT_ERROR if errors else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from ..output.findings import STATISTICS_FORMATS, render_check
    s = settings_for(args)
    if args.statistics and s.format not in STATISTICS_FORMATS:
        raise UsageError(f"--statistics works with --format {', '.join(STATISTICS_FORMATS)} (not {s.format})")
    colour = use_colour(args.color, args.output)
    results, errors, meta = run_engine(args, s)
    for r in results:
        r.findings = run_checks(r, *s.for_story(r.article.path))
    if not args.quiet:              # suppression comments to fix: warnings, like a file's
        for n in (n for r in results for n in r.directive_notices):
            print(f"attribution: warning: {one_line(n.path)}:{n.line}:{n.column}: {one_line(n.message)}",
                  file=sys.stderr)
    findings = [f for r in results for f in r.findings]
    emit(render_check(s.format, results, errors, meta, s.rules, args.statistics, colour), args.output)
    if errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if worst(findings) >= SEVERITY_RANK[s.fail_on] else EXIT_OK


def use_colour(choice: str | None, output: str | None) -> bool:
    """``always``/``never`` as said; ``auto`` (the default): only onto a terminal, and not
    when ``NO_COLOR`` is set to anything (https://no-color.org)."""
    if choice == "always":
        return True
    if choice == "never" or output or os.environ.get("NO_COLOR"):
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def cmd_parse(args: argparse.Namespace) -> int:
    from ..parse.conllu import to_conllu
    from ..parse.pipeline import parse_article
    from ..quotes import find_quotes
    try:
        if args.path == "-":
            name = args.stdin_filename or "<stdin>"
            data = read_bounded(sys.stdin.buffer, DEFAULT_MAX_BYTES, name)
            article = article_from_bytes(data, name, format_of(name))
        else:
            article = read_article(args.path)
    except InputError as exc:
        print(f"attribution: {one_line(exc)}", file=sys.stderr)
        return EXIT_ERROR
    parse = parse_article(article, args.model)
    if args.format == "conllu":
        sys.stdout.write(to_conllu(parse, article.clean))
        return EXIT_OK
    quotes = find_quotes(article.clean, article.paragraphs)
    out = []
    for i, s in enumerate(parse.sentences):
        out.append(f"# sentence {i + 1} (paragraph {s.paragraph + 1}, line {article.line_of(s.start)}): "
                   + one_line(" ".join(article.clean[s.start:s.end].split())))
        for w in s.words:
            head = s.word(w.head).text if w.head else "ROOT"
            out.append(f"  {w.index:>3} {one_line(w.text):<18} {w.upos:<6} {w.deprel:<12} -> {w.head:>3} "
                       f"{one_line(head)}")
    out.append("\n# quotations")
    for q in quotes:
        state = "" if q.closed else "  [not closed]"
        out.append(f"  line {article.line_of(q.outer.start)}: "
                   + one_line(" ".join(article.clean[q.outer.start:q.outer.end].split())[:100]) + state)
    sys.stdout.write("\n".join(out) + "\n")
    return EXIT_OK


def explain_entries(rules: Rules) -> list[dict]:
    """Every rule and check as one record: what ``explain`` prints."""
    out = [{"code": r.code, "name": r.name, "type": "rule", "kind": r.kind, "description": r.description,
            "examples": {"finds": list(r.examples_pass), "does_not_find": list(r.examples_fail)}}
           for r in rules.rules]
    out += [{"code": c["code"], "name": c["name"], "type": "check", "severity": c["severity"],
             "description": c["description"],
             "examples": {"flagged": list(c.get("examples", {}).get("fail", [])),
                          "not_flagged": list(c.get("examples", {}).get("pass", []))}}
            for c in check_table(rules).values()]
    return out


def cmd_explain(args: argparse.Namespace) -> int:
    fmt = args.format or "text"
    rules = load_rules(args.rules)
    entries = explain_entries(rules)
    if args.code:
        wanted = args.code.strip().lower()
        entries = [e for e in entries if wanted in (e["code"].lower(), e["name"].lower())]
        if not entries:
            raise UsageError(f"unknown code or name '{one_line(args.code)}'; 'attribution explain' lists them")
    if fmt == "json":
        print(json.dumps(entries[0] if args.code else entries, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not args.code:
        for e in entries:
            print(f"{e['code']}  {e['name']:<32} {e['description']}")
        return EXIT_OK
    e = entries[0]
    if e["type"] == "check":
        print(f"{e['code']} {e['name']} (default severity: {e['severity']})\n\n{e['description']}\n")
        print("Flagged:\n" + "\n".join(f"  {x}" for x in e["examples"]["flagged"]))
        print("Not flagged:\n" + "\n".join(f"  {x}" for x in e["examples"]["not_flagged"]))
    else:
        print(f"{e['code']} {e['name']} ({e['kind']} rule)\n\n{e['description']}\n")
        print("Finds:\n" + "\n".join(f"  {x}" for x in e["examples"]["finds"]))
        print("Does not find:\n" + "\n".join(f"  {x}" for x in e["examples"]["does_not_find"]))
    return EXIT_OK


def cmd_models(args: argparse.Namespace) -> int:
    from ..parse import pipeline as parsing
    action = args.models_command
    if action in (None, "info"):
        spec = getattr(args, "model", None)
        folder = parsing.model_folder(spec)
        print(f"model: {parsing.model_identity(spec)}")
        print(f"folder: {folder if folder else 'Stanza resources (official models)'}")
        print(f"engine: {parsing.engine_label(spec)}")
        return EXIT_OK
    if action == "download":
        where = parsing.download_official()
        print(f"Stanza's English models are in {where}; use --model stanza")
        return EXIT_OK
    if action == "evaluate":
        from ..parse.evaluate import evaluate_conllu
        print(evaluate_conllu(args.conllu, args.model))
        return EXIT_OK
    if action == "train":
        import runpy
        script = Path(__file__).resolve().parents[2] / "scripts" / "train_models.py"
        if not script.exists():
            raise UsageError("training needs a source checkout (scripts/train_models.py)")
        sys.argv = [str(script), "--ud", args.ud, "--out", args.out, "--work", args.work,
                    "--vectors", args.vectors] + (["--minilm", args.minilm] if args.minilm else [])
        runpy.run_path(str(script), run_name="__main__")
        return EXIT_OK
    return EXIT_ERROR


def cmd_cache(args: argparse.Namespace) -> int:
    if args.cache_command != "clear":
        raise UsageError("cache needs an action: clear")
    n = ParseCache(args.cache_dir or DEFAULT_CACHE).clear()
    print(f"removed {n} cached parse{'s' if n != 1 else ''}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from ..output.corpus_tables import REPORT_FORMATS, render_report
    from ..output.plots import write_plots
    from ..research.groups import load_sidecar
    fmt = args.format or "table"
    if fmt not in REPORT_FORMATS:
        raise UsageError(f"unknown format '{fmt}' for report (choose from {', '.join(REPORT_FORMATS)})")
    args.format = None
    s = settings_for(args)
    sidecar = load_sidecar(args.metadata) if args.metadata else None
    results, errors, meta = run_engine(args, s)
    emit(render_report(results, errors, meta, args.by, fmt, sidecar), args.output)
    if args.plots:
        for path in write_plots(results, args.by, args.plots, sidecar):
            if not args.quiet:
                print(f"attribution: wrote {one_line(path)}", file=sys.stderr)
    return EXIT_ERROR if errors else EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from ..output.json_report import to_json_obj
    from ..output.scores import EVAL_FORMATS, render_scores
    from ..research.evaluate import load_gold, score
    fmt = args.format or "table"
    if fmt not in EVAL_FORMATS:
        raise UsageError(f"unknown format '{fmt}' for evaluate (choose from {', '.join(EVAL_FORMATS)})")
    args.format = None
    gold = load_gold(args.gold)
    s = settings_for(args)
    results, errors, meta = run_engine(args, s)
    audited = {Path(r.article.path).stem for r in results}
    missing = sorted(set(gold) - audited)
    if missing and not args.quiet:
        print(f"attribution: warning: no story given for gold file(s) {one_line(', '.join(missing))}; "
              "they count as all missed", file=sys.stderr)
    scores = score(gold, to_json_obj(results, errors, meta))
    emit(render_scores(scores, fmt, meta, verbose=args.verbose), args.output)
    return EXIT_ERROR if errors else EXIT_OK
