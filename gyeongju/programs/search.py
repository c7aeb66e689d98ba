"""Korean search over programs: every word must appear in the search text, found through a
two-character index (SearchGram) rather than by reading every program.

A word of two or more characters first narrows the programs to those holding all of its
two-character pieces (an index lookup), then ``icontains`` checks the word itself on those few.
On PostgreSQL the pg_trgm GIN index already serves words of three or more characters, so there
the pieces are used only for two-character words.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Q

from .models import Program, SearchGram

MAX_TERMS = 8


def search_terms(q: str) -> list[str]:
    return [term for term in q.split() if term][:MAX_TERMS]


def grams(text: str) -> set[str]:
    """The distinct two-character pieces of ``text``, as icontains compares them (upper case)."""
    text = text.upper()
    pieces = {text[i : i + 2] for i in range(len(text) - 1)}
    return {piece for piece in pieces if not (piece[0].isspace() or piece[1].isspace())}


def search_q(q: str) -> Q:
    condition = Q()
    for term in search_terms(q):
        condition &= term_q(term)
    return condition


def term_q(term: str) -> Q:
    condition = Q(search_text__icontains=term)
    pieces = grams(term)
    if not pieces or (connection.vendor == "postgresql" and len(term) > 2):
        return condition
    holders = SearchGram.objects.filter(gram__in=sorted(pieces)).values("program_id")
    if len(pieces) > 1:
        holders = (
            holders.annotate(found=Count("gram")).filter(found=len(pieces)).values("program_id")
        )
    elif is_own_piece(term):
        # The word is its own piece: holding it is containing the word, so the wide search text
        # need not be read again (the common case: 탄소, 관광, 수출).
        return Q(pk__in=holders)
    return Q(pk__in=holders) & condition


def is_own_piece(term: str) -> bool:
    """A two-character word that both databases compare case-insensitively the way ``grams``
    does: Hangul syllables, ASCII letters and digits (not LIKE's wildcards, not letters whose
    upper case differs between Python and SQL)."""
    return len(term) == 2 and all(
        ("가" <= ch <= "힣") or (ch.isascii() and ch.isalnum()) for ch in term
    )


def index_programs(programs: Iterable[tuple[int, str]], *, replace: bool = True) -> None:
    """(Re)write the pieces of these (program id, search text) pairs."""
    programs = list(programs)
    grams_table = connection.ops.quote_name(SearchGram._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(programs) if replace else 0, 500):
            ids = [pk for pk, _text in programs[start : start + 500]]
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM {grams_table} WHERE program_id IN ({marks})", ids)
        rows = [(piece, pk) for pk, text in programs for piece in grams(text or "")]
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {grams_table} (gram, program_id) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {grams_table} (gram, program_id) VALUES (%s, %s)", rows
            )


def forget_program(program_id: int) -> None:
    index_programs([(program_id, "")])  # its pieces deleted, none written


def reindex_all() -> int:
    """Rebuild the whole index from the programs' search text; returns the number of programs."""
    programs = list(Program.private_objects.values_list("pk", "search_text"))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(SearchGram._meta.db_table)}")
    index_programs(programs, replace=False)
    return len(programs)
