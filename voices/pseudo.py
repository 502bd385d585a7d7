"""Write the pseudo-locale 'qps' from messages.pot: every string accented and bracketed.

Browse with ?lang=qps: any plain English left on a page is a string nobody marked for
translation. Placeholders such as %(count)s are kept intact.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ACCENTS = str.maketrans("aeiouAEIOUcnyCNY", "àéîõüÅÉÎÕÜçñýÇÑÝ")
PLACEHOLDER = re.compile(r"(%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}|<[^>]+>)")


def pseudo(text: str) -> str:
    parts = PLACEHOLDER.split(text)
    return (
        "[" + "".join(p if PLACEHOLDER.fullmatch(p) else p.translate(ACCENTS) for p in parts) + "]"
    )


def build(pot_path: Path, po_path: Path) -> None:
    with pot_path.open("rb") as f:
        template = read_po(f)
    catalog = Catalog(locale=None, project="Voices", fuzzy=False)
    catalog.locale = None
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            string = tuple(pseudo(s) for s in message.id)
        else:
            string = pseudo(message.id)
        catalog.add(message.id, string, context=message.context, flags=message.flags)
    po_path.parent.mkdir(parents=True, exist_ok=True)
    with po_path.open("wb") as f:
        write_po(f, catalog)


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))
