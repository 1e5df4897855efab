#!/usr/bin/env python3
"""store_dump.py DB [--digest] — the canonical text of what a campaign stored.

Everything a seeded campaign decides, nothing the clock or the machine does:
per class (ordered by key) its subject, relation, rule, other, hit count, root
cause and both reproducers (every column); per subject the cases and findings
summed over runs; per run (ordered by id) its seed, shard, next case, cases,
findings and new classes.  Timestamps, run uids, row ids and seconds are left
out.  Two stores with the same text hold the same findings.

--digest prints the SHA-256 of the text and the class/root-cause counts
instead of the text (the golden line of tests/campaign_golden.txt).
"""
import hashlib
import sqlite3
import sys


def dump(path):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    out = []
    classes = db.execute(
        "SELECT c.id, c.key, c.subject, c.other, c.relation, c.rule, c.hit_count, COALESCE(k.cause, '')"
        " FROM classes c LEFT JOIN class_causes k ON k.class_id = c.id ORDER BY c.key").fetchall()
    causes = set()
    for cid, key, subject, other, relation, rule, hits, cause in classes:
        causes.add(cause)
        out.append("class %r subject=%r other=%r relation=%r rule=%r hits=%d cause=%r"
                   % (key, subject, other, relation, rule, hits, cause))
        runs = db.execute("SELECT SUM(hits) FROM class_runs WHERE class_id = ?", (cid,)).fetchone()[0]
        out.append("  run-hits %r" % (runs,))
        for row in db.execute("SELECT kind, signature, spec_json, call, observed_json, expected_json,"
                              " py_minor, other, size FROM reproducers WHERE class_id = ? ORDER BY kind",
                              (cid,)):
            out.append("  repro %r" % (row,))
    for row in db.execute("SELECT subject, SUM(cases), SUM(findings) FROM subject_stats"
                          " GROUP BY subject ORDER BY subject"):
        out.append("subject %r" % (row,))
    for row in db.execute("SELECT engine, status, seed, shard_index, shard_count, next_case, cases, findings,"
                          " new_classes FROM runs ORDER BY id"):
        out.append("run %r" % (row,))
    db.close()
    return "\n".join(out) + "\n", len(classes), len(causes)


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: store_dump.py DB [--digest]\n")
        return 2
    text, n_classes, n_causes = dump(sys.argv[1])
    if "--digest" in sys.argv[2:]:
        print("%s %d classes %d root causes" % (hashlib.sha256(text.encode()).hexdigest(), n_classes, n_causes))
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
