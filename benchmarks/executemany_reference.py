#!/usr/bin/env python3
"""The reference of ingest_bench's pipelined scenario (issue #12): Python's bare
sqlite3.executemany of the same rows the node stored, into a fresh database with the node's
positions table and its one (device_id, device_time) index, with the node's durability
(WAL, synchronous=FULL) and once with synchronous=NORMAL for what durability costs there.
Rows are taken from the node's database in the order the node wrote them (arrival order),
so both insert the very same values. Prints one JSON object.

usage: executemany_reference.py NODE_DB REFERENCE_DB DEVICES FRAMES_PER_DEVICE
"""
import json
import os
import sqlite3
import sys
import time


def run(node_db, path, rows, synchronous):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    src = sqlite3.connect(node_db)
    table = src.execute(
        "SELECT sql FROM sqlite_master WHERE type='table' AND name='positions'").fetchone()[0]
    src.close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = " + synchronous)
    db.execute("PRAGMA cache_size = -65536")
    db.execute(table)
    db.execute("CREATE INDEX positions_device_time ON positions (device_id, device_time)")
    db.commit()
    sql = ("INSERT INTO positions (device_id, device_time, server_time, valid, latitude, "
           "longitude, altitude, speed_kph, course, satellites, accuracy, protocol, attributes) "
           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")
    start = time.perf_counter()
    db.executemany(sql, rows)
    db.commit()
    seconds = time.perf_counter() - start
    count = db.execute("SELECT COUNT(*) FROM positions").fetchone()[0]
    db.close()
    return seconds, count


def main():
    node_db, ref_db, devices, frames = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    src = sqlite3.connect(node_db)
    rows = src.execute(
        "SELECT device_id, device_time, server_time, valid, latitude, longitude, altitude, "
        "speed_kph, course, satellites, accuracy, protocol, attributes FROM positions "
        "ORDER BY id").fetchall()
    node_count = len(rows)
    src.close()
    full_s, full_n = run(node_db, ref_db, rows, "FULL")
    normal_s, normal_n = run(node_db, ref_db, rows, "NORMAL")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(ref_db + suffix):
            os.remove(ref_db + suffix)
    print(json.dumps({
        "what": "python3 sqlite3.executemany, one transaction, WAL, one (device_id, device_time) index",
        "sqlite": sqlite3.sqlite_version,
        "rows": full_n,
        "nodeDatabaseRows": node_count,
        "expectedRows": devices * frames,
        "seconds": full_s,
        "positionsPerSecond": int(full_n / full_s) if full_s > 0 else 0,
        "synchronousNormalSeconds": normal_s,
        "synchronousNormalPositionsPerSecond": int(normal_n / normal_s) if normal_s > 0 else 0,
    }))


if __name__ == "__main__":
    main()
