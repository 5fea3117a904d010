"""Helpers for the batch and command-line tests: synthetic articles, processes under /proc."""

import os
from pathlib import Path

ENGLISH = """Cocoa crop outlook improves in Bahia {n}

By Cal Mankowski, Reuters

SALVADOR, Feb 26 - Showers continued throughout week {n} in the Bahia cocoa zone, alleviating the drought, said a senior official of the growers' association.

Prices

Prices rose to 340 to 350 cruzados per arroba, according to traders in the city.

(Reporting by Cal Mankowski; Editing by Jane Doe)
"""
ARABIC = "عنوان الخبر رقم {n}\n\nقال مسؤول إن الخبر رقم {n} صحيح، وفقا لما ذكرته وكالة الأنباء.\n\nوأضاف أن الوضع مستقر.\n"


def articles(folder: Path, count: int, text: str = ARABIC, prefix: str = "story") -> list[Path]:
    """`count` small articles in `folder`, each different (their own number in the text)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"{prefix}{n:04d}.txt"
        path.write_text(text.format(n=n), encoding="utf-8")
        paths.append(path)
    return paths


def descendants(pid: int) -> list[int]:
    """The live processes below `pid` (children, their children, …), from /proc."""
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found.append(child)
            frontier.append(child)
    return found


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def partial_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".part")]


def copydesk_env() -> dict:
    return {**os.environ, "PYTHONUNBUFFERED": "1"}
