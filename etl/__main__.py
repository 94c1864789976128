"""`python -m etl` builds data/processed/ from data/raw/; `python -m etl import FILE` adds figures."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from etl.common import BUILD_INFO_PATH, PROCESSED_DIR, RAW_DIR, EtlError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    parser.add_argument("--raw", type=Path, default=RAW_DIR, help="raw folder (default: data/raw)")
    parser.add_argument(
        "--out", type=Path, default=PROCESSED_DIR, help="output folder (default: data/processed)"
    )
    sub = parser.add_subparsers(dest="command")
    importer = sub.add_parser(
        "import", help="validate a displacement or OCHA FTS file, keep it under raw/imports, rebuild"
    )
    importer.add_argument("file", type=Path)
    importer.add_argument(
        "--countries",
        metavar="ISO3,ISO3",
        help="keep only these countries' rows of a multi-country export (e.g. NGA,TCD)",
    )
    importer.add_argument(
        "--as-of",
        dest="as_of",
        metavar="YYYY-MM-DD",
        help="OCHA FTS files only: the date the download's figures are as of (default: the import day)",
    )
    args = parser.parse_args(argv)

    from etl import build

    started = time.perf_counter()
    try:
        if args.command == "import":
            from etl import importer as import_module

            message = import_module.import_file(
                args.file,
                raw_dir=args.raw,
                out_dir=args.out,
                countries=args.countries,
                as_of=args.as_of,
            )
            print(message)
            return 0
        from etl import importer as import_module

        import_module.recover(args.raw, args.out)  # an interrupted import or swap is finished or undone first
        result = build.run(args.raw, args.out)
        if args.out.resolve() == PROCESSED_DIR.resolve():
            build.write_build_info(BUILD_INFO_PATH)
    except EtlError as err:
        print(f"ETL failed: {err}\n{args.out} was left unchanged.", file=sys.stderr)
        return 1
    print(result.summary())
    print(f"Wrote {args.out} in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
