"""``xxgk export``: write year-over-year comparisons to XLSX (for people) or CSV (for scripts).

    xxgk export AGENCY YEAR_A YEAR_B [-o FILE.xlsx] [--format xlsx|csv] [--force]
    xxgk export --all YEAR_A YEAR_B [-o FILE.xlsx] [--format xlsx|csv] [--force]

Registered by ``xxgk.cli`` through ``EXTENSION_MODULES``; openpyxl is imported only when the command runs.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from xxgk.cli import EXIT_OK, CliError, open_archive, year_arg

USAGE = ("%(prog)s AGENCY YEAR_A YEAR_B [-o FILE] [--format {xlsx,csv}] [--force]\n"
         "       %(prog)s --all YEAR_A YEAR_B [-o FILE] [--format {xlsx,csv}] [--force]")


def register(sub) -> None:
    p = sub.add_parser(
        "export", help="write a year-over-year comparison (one agency, or --all) to .xlsx or .csv",
        usage=USAGE,
        description="Write the comparison of two years to a spreadsheet: every item in the official order with "
                    "year A, year B, Δ and Δ%%; cells read by a failing identity are filled, flagged '!' and "
                    "carry a comment; ≈ marks rows only approximately comparable across template generations. "
                    "--all writes a summary sheet plus one sheet per agency that has either year. CSV is UTF-8 "
                    "with a BOM (one file; with --all an agency column).",
        epilog="An existing file is never overwritten without --force (exit 2).")
    p.add_argument("params", nargs="+", metavar="AGENCY YEAR_A YEAR_B",
                   help="the agency and the two years (with --all: only the two years)")
    p.add_argument("--all", action="store_true", dest="all_agencies",
                   help="every agency that has either year")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="the file to write (default: a name built from the agency and years, in the current folder)")
    p.add_argument("--format", choices=("xlsx", "csv"), default=None,
                   help="default: from the -o suffix (.csv → csv), else xlsx")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.set_defaults(func=cmd_export)


def _years(texts: list[str]) -> tuple[int, int]:
    try:
        ya, yb = (year_arg(t) for t in texts)
    except argparse.ArgumentTypeError as exc:
        raise CliError(str(exc)) from None
    if ya == yb:
        raise CliError(f"the two years are the same ({ya}); give two different years")
    return ya, yb


def _parse(args) -> tuple[str | None, int, int]:
    params = list(args.params)
    if args.all_agencies:
        if len(params) != 2:
            raise CliError("export --all takes two years: xxgk export --all YEAR_A YEAR_B -o FILE.xlsx")
        return (None, *_years(params))
    if len(params) != 3:
        raise CliError("export takes an agency and two years: xxgk export AGENCY YEAR_A YEAR_B -o FILE.xlsx "
                       "(or --all YEAR_A YEAR_B)")
    agency = params[0].strip()
    if not agency:
        raise CliError("the agency name is empty")
    return (agency, *_years(params[1:]))


def cmd_export(args) -> int:
    from xxgk.exporters import (
        ExportError,
        default_export_name,
        export_all_csv,
        export_all_xlsx,
        export_comparison_csv,
        export_comparison_xlsx,
        safe_filename,
    )

    agency, ya, yb = _parse(args)
    fmt = args.format or ("csv" if args.output and args.output.lower().endswith(".csv") else "xlsx")
    if args.output:
        path = Path(args.output)
    elif agency is None:
        path = Path(safe_filename(f"全部机关_{ya}-{yb}_对比.{fmt}"))
    else:
        path = Path(default_export_name(agency, ya, yb, fmt))
    db = Path(args.db_path)
    if not db.exists():
        raise CliError(f"{db}: no archive here (import reports first: xxgk import FOLDER)")
    try:
        with open_archive(args) as archive:
            if agency is None:
                writer = export_all_csv if fmt == "csv" else export_all_xlsx
                writer(archive, ya, yb, path, force=args.force)
            else:
                writer = export_comparison_csv if fmt == "csv" else export_comparison_xlsx
                writer(archive, agency, ya, yb, path, force=args.force)
    except ExportError as exc:  # ExportExists included: one line, exit 2
        raise CliError(str(exc)) from None
    print(f"wrote {path}")
    return EXIT_OK
