#!/usr/bin/env python3
"""tests/crash/old_store.py MIGRATIONS_CPP SOURCE_DB TARGET_DB VERSION

Writes TARGET_DB as an older certctl left it: the schema of steps 1..VERSION of lib/storage/migrations.cpp
(taken from the source, so it is exactly what that certctl created: released steps are never edited),
PRAGMA user_version = VERSION, WAL mode, and the rows of SOURCE_DB (a store the current certctl wrote) in
every column that schema has. The next certctl command that opens it migrates it to the latest version,
which is what the crash test kills. Prints the latest version.
"""
import re
import sqlite3
import sys


def steps(path):
    text = open(path, encoding="utf-8").read()
    found = [(int(v), sql) for v, sql in re.findall(r'\{(\d+), "[^"]*", R"sql\((.*?)\)sql"\}', text, re.S)]
    if not found or [v for v, _ in found] != list(range(1, len(found) + 1)):
        sys.exit(f"old_store.py: cannot read the numbered steps of {path}")
    return found


def columns(con, schema, table):
    return [r[1] for r in con.execute(f'PRAGMA {schema}.table_info("{table}")')]


def main():
    migrations, source, target, version = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    all_steps = steps(migrations)
    if not 1 <= version < len(all_steps):
        sys.exit(f"old_store.py: version {version} is not older than the latest ({len(all_steps)})")
    con = sqlite3.connect(target, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("BEGIN")
    for v, sql in all_steps:
        if v <= version:
            for statement in split(sql):  # executescript would commit the open transaction
                con.execute(statement)
    con.execute(f"ATTACH DATABASE 'file:{source}?mode=ro' AS src")
    tables = [r[0] for r in con.execute("SELECT name FROM main.sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    for t in tables:
        old = columns(con, "main", t)
        have = set(columns(con, "src", t))
        common = [c for c in old if c in have]
        if common:
            cols = ", ".join(f'"{c}"' for c in common)
            con.execute(f'INSERT INTO main."{t}" ({cols}) SELECT {cols} FROM src."{t}"')
    con.execute("COMMIT")
    con.execute("DETACH DATABASE src")
    con.execute(f"PRAGMA user_version = {version}")
    con.close()
    print(len(all_steps))


def split(sql):
    """The statements of one step (sqlite3.complete_statement decides where each ends)."""
    out, cur = [], ""
    for line in sql.splitlines(keepends=True):
        cur += line
        if sqlite3.complete_statement(cur):
            out.append(cur)
            cur = ""
    if cur.strip():
        out.append(cur)
    return out


if __name__ == "__main__":
    main()
