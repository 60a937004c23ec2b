"""Writes a history for `git fast-import` on standard output: the benchmark
scripts make long histories this way (emend reads any git history).

    from fastimport import commit
    commit(0, "add telegram", [("emend.toml", 'root = "translations"\\n')])
"""
import sys

_out = sys.stdout.buffer


def commit(k, msg, files):
    """Commit number k on refs/heads/main, a minute after commit k-1, writing
    each (path, text) of files."""
    _out.write(f"commit refs/heads/main\ncommitter Bench <bench@example.org> {1700000000 + 60 * k} +0000\n".encode())
    m = msg.encode()
    _out.write(f"data {len(m)}\n".encode() + m + b"\n")
    for path, text in files:
        data = text.encode()
        _out.write(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
    _out.write(b"\n")
