"""Run as a script: read SQLite queries through ADBC into Arrow IPC files, in its own process.

    python arrowread.py DATABASE OUTDIR   < {"name": "SELECT ...", ...}

The ADBC SQLite driver carries its own copy of SQLite. Two copies in one process break each
other's POSIX file locks (closing one copy's file releases the other's locks; see "multiple
copies of SQLite" in SQLite's how-to-corrupt page), so the store never loads it beside
Python's sqlite3: big tables are read here, in a child process, and handed back as Arrow
files that the parent maps without copying. Imports nothing from coopstats, to start fast.
"""

import json
import sys
from pathlib import Path


def main() -> None:
    import adbc_driver_sqlite.dbapi as driver
    import pyarrow.ipc as ipc

    database, out = sys.argv[1], Path(sys.argv[2])
    queries = json.load(sys.stdin)
    connection = driver.connect(f"file:{database}?mode=ro", autocommit=True)
    try:
        for name, query in queries.items():
            cursor = connection.cursor()
            cursor.execute(query)
            table = cursor.fetch_arrow_table().slice(1)  # the typed first row (see read.py)
            cursor.close()
            with ipc.new_file(str(out / f"{name}.arrow"), table.schema) as writer:
                writer.write_table(table)
    finally:
        connection.close()


if __name__ == "__main__":
    main()
