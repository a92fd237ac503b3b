"""What an erasure's compaction costs on PostgreSQL: the VACUUM of the touched tables, then the rebuild of the
search index (REINDEX INDEX CONCURRENTLY ix_tip_search_vector, which drops the erased words' keys), next to
the VACUUM alone as the baseline.

    python bench/erase_postgres.py --url postgresql+psycopg://USER@HOST/DB [--sizes 10000,100000]

A scratch database per run, dropped afterwards; tips bulk-loaded from the chat corpus as bench/store.py does.
Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(PROJECT), *(p for p in sys.path if Path(p or ".").resolve() != PROJECT / "bench")]

from sqlalchemy import text  # noqa: E402

from bench.postgres import scratch_database  # noqa: E402
from bench.store import bulk_load  # noqa: E402
from bench.workload import DEFAULT_DATA, chat_texts  # noqa: E402
from store.compaction import REBUILT_INDEXES, VACUUMED_TABLES  # noqa: E402


def timed(engine, statement: str) -> float:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        started = time.perf_counter()
        connection.exec_driver_sql(statement)
        return time.perf_counter() - started


def run_size(base_url: str, texts: list[str], size: int) -> None:
    with scratch_database(base_url) as (_, engine):
        bulk_load(engine, texts, size)
        with engine.begin() as connection:
            connection.execute(text("UPDATE tip SET text = '' WHERE id = (SELECT min(id) FROM tip)"))
        with engine.connect() as connection:
            index_mb = connection.execute(text("SELECT pg_relation_size('ix_tip_search_vector')")).scalar() / 2**20
        vacuum_s = timed(engine, f"VACUUM {', '.join(VACUUMED_TABLES)}")
        reindex_s = sum(timed(engine, f"REINDEX INDEX CONCURRENTLY {index}") for index in REBUILT_INDEXES)
    print(f"{size:>8,} tips  search index {index_mb:6.1f} MB  VACUUM {vacuum_s * 1000:8.1f} ms  "
          f"REINDEX CONCURRENTLY {reindex_s * 1000:8.1f} ms  (x{(vacuum_s + reindex_s) / vacuum_s:.1f} the VACUUM alone)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="a PostgreSQL server URL (a scratch database is made on it)")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    texts, note = chat_texts(args.data)
    print(note)
    for size in (int(s) for s in args.sizes.split(",")):
        run_size(args.url, texts, size)
    print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
