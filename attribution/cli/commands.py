"""What each command does (:mod:`.parser` only parses arguments)."""
from __future__ import annotations

import sys
from pathlib import Path

from ..checks import SEVERITY_RANK, check_table, run_checks, worst
from ..config import find_config, load_config
from ..errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, ErrorRecord, InputError, UsageError
from ..files import atomic_write
from ..model import ArticleResult
from ..output import FORMATS, render
from ..parse.cache import ParseCache
from ..read import DEFAULT_MAX_BYTES, article_from_bytes, find_stories, read_article
from ..ruleset import load_rules


def dispatch(args) -> int:
    handler = {"audit": cmd_audit, "check": cmd_check, "parse": cmd_parse, "explain": cmd_explain,
               "models": cmd_models, "cache": cmd_cache, "report": cmd_report,
               "evaluate": cmd_evaluate}[args.command]
    return handler(args)


# --- shared set-up -------------------------------------------------------------------------

def settings_for(args) -> dict:
    """Configuration file values overridden by flags."""
    rules = load_rules(getattr(args, "rules", None))
    codes = set(check_table(rules)) | {r.code for r in rules.rules}
    first = next((p for p in getattr(args, "paths", []) if p != "-"), ".")
    cfg_path = Path(args.config) if getattr(args, "config", None) else find_config(Path(first))
    cfg = load_config(cfg_path, codes)
    if cfg.get("rules") and not getattr(args, "rules", None):
        base = cfg_path.parent if cfg_path else Path(".")
        rules = load_rules(base / cfg["rules"])
    s = dict(cfg)
    for flag, key in (("model", "model"), ("cache_dir", "cache_dir"), ("format", "format"),
                      ("fail_on", "fail_on"), ("max_anonymous_share", "max_anonymous_share"),
                      ("max_size", "max_size_mb"), ("jobs", "jobs")):
        value = getattr(args, flag, None)
        if value is not None and not (flag == "jobs" and value == 1 and "jobs" in cfg):
            s[key] = value
    if getattr(args, "no_cache", False):
        s["no_cache"] = True
    for flag in ("enable", "disable"):
        value = getattr(args, flag, None)
        if value:
            listed = [c.strip() for c in value.split(",") if c.strip()]
            unknown = [c for c in listed if c not in codes]
            if unknown:
                raise UsageError(f"unknown code(s) in --{flag}: {', '.join(unknown)}")
            s[flag] = listed
    fmt = s.get("format") or ("table" if sys.stdout.isatty() else "table")
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    s["format"] = fmt
    if s.get("jobs", 1) < 1:
        raise UsageError("--jobs must be at least 1")
    s["rules_obj"] = rules.configured(s.get("enable"), s.get("disable"), s.get("severity"))  # AT codes reach the rules
    return s


def read_inputs(paths: list[str], max_bytes: int, quiet: bool):
    files, errors = find_stories(paths)
    articles = []
    for f in files:
        try:
            if f == "-":
                articles.append(article_from_bytes(sys.stdin.buffer.read(), "<stdin>", "txt"))
            else:
                articles.append(read_article(f, max_bytes))
        except InputError as exc:
            errors.append(exc.record(f))
    for e in errors:
        if not quiet:
            print(f"attribution: {e.message}", file=sys.stderr)
    for a in articles:
        for w in a.warnings:
            if not quiet:
                print(f"attribution: warning: {a.path}: {w.message}", file=sys.stderr)
    return articles, errors


def run_engine(args, s) -> tuple[list[ArticleResult], list[ErrorRecord], dict]:
    from ..parse.pipeline import check_model
    from ..research.corpus import process
    check_model(s.get("model"))            # a missing model is one clear line, not an error per file
    max_bytes = int(s["max_size_mb"] * 1024 * 1024) if s.get("max_size_mb") else DEFAULT_MAX_BYTES
    articles, errors = read_inputs(args.paths, max_bytes, args.quiet)
    cache = None if s.get("no_cache") else ParseCache(s.get("cache_dir") or ".attribution-cache")
    results, model_id, run_errors = process(articles, s["rules_obj"], s.get("model"), cache,
                                            jobs=s.get("jobs", 1), quiet=args.quiet,
                                            scheduler=getattr(args, "scheduler", None),
                                            dask_local=getattr(args, "dask_local", None))
    errors += run_errors
    meta = {"model": model_id, "rules": s["rules_obj"].source}
    return results, errors, meta


def emit(text: str, output: str | None) -> None:
    if output:
        atomic_write(Path(output), text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


# --- commands ------------------------------------------------------------------------------

def cmd_audit(args) -> int:
    s = settings_for(args)
    results, errors, meta = run_engine(args, s)
    for r in results:
        r.findings = run_checks(r, s["rules_obj"], checks_settings(s))
    emit(render(s["format"], results, errors, meta, details=args.details), args.output)
    return EXIT_ERROR if errors else EXIT_OK


def checks_settings(s: dict) -> dict:
    return {"enabled": set(s["enable"]) if s.get("enable") else None,
            "disabled": set(s.get("disable") or ()),
            "severity": s.get("severity", {}),
            "max_anonymous_share": s.get("max_anonymous_share", 0.5)}


def cmd_check(args) -> int:
    s = settings_for(args)
    if s["format"] == "table" and not getattr(args, "format", None):
        s["format"] = "table"
    results, errors, meta = run_engine(args, s)
    for r in results:
        r.findings = run_checks(r, s["rules_obj"], checks_settings(s))
    findings = [f for r in results for f in r.findings]
    if s["format"] == "table":
        text = "".join(f"{f.path}:{f.line}:{f.column}: {f.code} [{f.severity}] {f.message}\n" for f in findings)
        n = len(findings)
        text += f"{n} finding{'s' if n != 1 else ''} in {len(results)} article{'s' if len(results) != 1 else ''}\n"
    else:
        text = render(s["format"], results, errors, meta)
    emit(text, args.output)
    if errors:
        return EXIT_ERROR
    fail_on = s.get("fail_on") or "warning"
    return EXIT_FINDINGS if worst(findings) >= SEVERITY_RANK[fail_on] else EXIT_OK


def cmd_parse(args) -> int:
    from ..parse.conllu import to_conllu
    from ..parse.pipeline import parse_article
    from ..quotes import find_quotes
    try:
        if args.path == "-":
            article = article_from_bytes(sys.stdin.buffer.read(), "<stdin>", "txt")
        else:
            article = read_article(args.path)
    except InputError as exc:
        print(f"attribution: {exc}", file=sys.stderr)
        return EXIT_ERROR
    parse = parse_article(article, args.model)
    if args.format == "conllu":
        sys.stdout.write(to_conllu(parse))
        return EXIT_OK
    quotes = find_quotes(article.clean, article.paragraphs)
    out = []
    for i, s in enumerate(parse.sentences):
        out.append(f"# sentence {i + 1} (paragraph {s.paragraph + 1}, line {article.line_of(s.start)}): "
                   + " ".join(article.clean[s.start:s.end].split()))
        for w in s.words:
            head = s.word(w.head).text if w.head else "ROOT"
            out.append(f"  {w.index:>3} {w.text:<18} {w.upos:<6} {w.deprel:<12} -> {w.head:>3} {head}")
    out.append("\n# quotations")
    for q in quotes:
        state = "" if q.closed else "  [not closed]"
        out.append(f"  line {article.line_of(q.outer.start)}: "
                   + " ".join(article.clean[q.outer.start:q.outer.end].split())[:100] + state)
    sys.stdout.write("\n".join(out) + "\n")
    return EXIT_OK


def cmd_explain(args) -> int:
    rules = load_rules(args.rules)
    checks = check_table(rules)
    if not args.code:
        for r in rules.rules:
            print(f"{r.code}  {r.name:<32} {r.description}")
        for c in checks.values():
            print(f"{c['code']}  {c['name']:<32} {c['description']}")
        return EXIT_OK
    code = args.code.upper()
    if code in checks:
        c = checks[code]
        ex = c.get("examples", {})
        print(f"{code} {c['name']} (default severity: {c['severity']})\n\n{c['description']}\n")
        print("Flagged:\n" + "\n".join(f"  {e}" for e in ex.get("fail", [])))
        print("Not flagged:\n" + "\n".join(f"  {e}" for e in ex.get("pass", [])))
        return EXIT_OK
    try:
        r = rules.rule(code)
    except KeyError:
        raise UsageError(f"unknown code '{args.code}'; 'attribution explain' lists them") from None
    print(f"{r.code} {r.name} ({r.kind} rule)\n\n{r.description}\n")
    print("Finds:\n" + "\n".join(f"  {e}" for e in r.examples_pass))
    print("Does not find:\n" + "\n".join(f"  {e}" for e in r.examples_fail))
    return EXIT_OK


def cmd_models(args) -> int:
    from ..parse import pipeline as parsing
    action = args.models_command
    if action in (None, "info"):
        spec = getattr(args, "model", None)
        folder = parsing.model_folder(spec)
        print(f"model: {parsing.model_identity(spec)}")
        print(f"folder: {folder if folder else 'Stanza resources (official models)'}")
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


def cmd_cache(args) -> int:
    if args.cache_command != "clear":
        raise UsageError("cache needs an action: clear")
    n = ParseCache(args.cache_dir or ".attribution-cache").clear()
    print(f"removed {n} cached parse{'s' if n != 1 else ''}")
    return EXIT_OK


def cmd_report(args) -> int:
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
                print(f"attribution: wrote {path}", file=sys.stderr)
    return EXIT_ERROR if errors else EXIT_OK


def cmd_evaluate(args) -> int:
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
        print(f"attribution: warning: no story given for gold file(s) {', '.join(missing)}; "
              "they count as all missed", file=sys.stderr)
    scores = score(gold, to_json_obj(results, errors, meta))
    emit(render_scores(scores, fmt, meta, verbose=args.verbose), args.output)
    return EXIT_ERROR if errors else EXIT_OK
