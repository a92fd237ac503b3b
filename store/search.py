"""Full-text search over live tips, with access control inside the query: SQLite FTS5 or PostgreSQL tsvector.

A user's query is plain text, never search syntax: it is cut into words, stopwords dropped, and the words
OR-ed, so every query is valid and a tip matching some of the words still ranks.
"""
from __future__ import annotations

import unicodedata
from typing import Iterable

from sqlalchemy import String, TextClause, bindparam, text
from sqlalchemy.orm import Session

from bot.model import TipStatus
from bot.ports import Scope, SearchHit, Searcher
from bot.words import STOPWORDS, words

MAX_TERMS = 32

# Live tips the scope may read: the public tips of its workspace and of the workspaces sharing theirs with
# it (unless the scope reads no public tip), and the private tips of its channels. Public is never "public in
# any workspace of this database".
VISIBLE_TO_SCOPE = """t.deleted_at IS NULL AND t.status <> 'archived'
    AND ((t.platform = :platform AND t.workspace_id = :workspace_id
          AND ((t.visibility = 'public' AND :public) OR t.channel_id IN :channels))
         OR (:public AND t.visibility = 'public' AND t.platform || ':' || t.workspace_id IN :shared))"""


VISIBLE_CHUNK = 1000


def _search_statement(sql: str) -> TextClause:
    return text(sql).bindparams(bindparam("channels", type_=String, expanding=True),
                                bindparam("shared", type_=String, expanding=True))


VISIBLE_AMONG = _search_statement(f"""
    SELECT t.id, t.status FROM tip AS t WHERE t.id IN :ids AND {VISIBLE_TO_SCOPE}""").bindparams(
    bindparam("ids", expanding=True))
SAVES_AMONG = text("SELECT tip_id, count(*) FROM tip_saver WHERE tip_id IN :ids GROUP BY tip_id").bindparams(
    bindparam("ids", expanding=True))

# PostgreSQL takes the ids as one array: a statement with hundreds of parameters costs more to send than to run.
VISIBLE_AMONG_ARRAY = _search_statement(f"""
    SELECT t.id, t.status FROM tip AS t WHERE t.id = ANY(:ids) AND {VISIBLE_TO_SCOPE}""")
SAVES_AMONG_ARRAY = text("SELECT tip_id, count(*) FROM tip_saver WHERE tip_id = ANY(:ids) GROUP BY tip_id")


def query_terms(query: str) -> list[str]:
    """The distinct words of a free-text query, lower-cased, without stopwords or one-letter words."""
    kept = (w for w in words(unicodedata.normalize("NFKC", query)) if (len(w) > 1 or w.isdigit()) and w not in STOPWORDS)
    return list(dict.fromkeys(kept))[:MAX_TERMS]


class _SqlSearcher:
    visible_among, saves_among = VISIBLE_AMONG, SAVES_AMONG

    def __init__(self, session: Session) -> None:
        self._session = session

    def search(self, query: str, scope: Scope, limit: int) -> list[SearchHit]:
        terms = query_terms(query)
        if not terms or limit <= 0:
            return []
        return self._ranked(self.match(terms), scope, limit)

    def visible(self, tip_ids: Iterable[int], scope: Scope) -> dict[int, TipStatus]:
        """The access check of `search`, for tips found another way (by their embeddings)."""
        ids, found = sorted(set(tip_ids)), {}
        for start in range(0, len(ids), VISIBLE_CHUNK):
            rows = self._session.execute(self.visible_among, {
                "ids": ids[start:start + VISIBLE_CHUNK], "platform": scope.platform,
                "workspace_id": scope.workspace_id, "channels": sorted(scope.private_channel_ids),
                "shared": sorted(scope.shared_workspaces), "public": scope.public,
            })
            found.update((tip_id, TipStatus(status)) for tip_id, status in rows)
        return found

    def saves(self, tip_ids: Iterable[int]) -> dict[int, int]:
        ids, counted = sorted(set(tip_ids)), {}
        for start in range(0, len(ids), VISIBLE_CHUNK):
            rows = self._session.execute(self.saves_among, {"ids": ids[start:start + VISIBLE_CHUNK]})
            counted.update((tip_id, int(count)) for tip_id, count in rows)
        return counted

    def _run(self, statement: TextClause, match: str, scope: Scope, limit: int, **more: object) -> list[SearchHit]:
        rows = self._session.execute(statement, {
            "match": match, "limit": limit, "platform": scope.platform, "workspace_id": scope.workspace_id,
            "channels": sorted(scope.private_channel_ids), "shared": sorted(scope.shared_workspaces),
            "public": scope.public, **more,
        })
        return [SearchHit(tip_id=tip_id, score=float(score)) for tip_id, score in rows]

    def _ranked(self, match: str, scope: Scope, limit: int) -> list[SearchHit]:
        raise NotImplementedError

    @staticmethod
    def match(terms: list[str]) -> str:
        raise NotImplementedError


class Fts5Searcher(_SqlSearcher):
    """SQLite FTS5 with bm25; bm25 is lower-is-better, so the score is its negation.

    Joining every match to `tip` for the access check doubles the cost of a query, so the best few
    matches are checked first; only when too few of those are visible is every match ranked.
    """

    CANDIDATES_PER_RESULT = 5
    best_candidates = _search_statement(f"""
        SELECT t.id, -ranked.bm25 AS score
        FROM (SELECT rowid AS id, bm25(tip_fts) AS bm25 FROM tip_fts WHERE tip_fts MATCH :match
              ORDER BY bm25, rowid LIMIT :candidates) AS ranked
        CROSS JOIN tip AS t ON t.id = ranked.id
        WHERE {VISIBLE_TO_SCOPE}
        ORDER BY ranked.bm25, t.id LIMIT :limit""")
    every_match = _search_statement(f"""
        SELECT t.id, -bm25(tip_fts) AS score
        FROM tip_fts CROSS JOIN tip AS t ON t.id = tip_fts.rowid
        WHERE tip_fts MATCH :match AND {VISIBLE_TO_SCOPE}
        ORDER BY bm25(tip_fts), t.id LIMIT :limit""")

    def _ranked(self, match: str, scope: Scope, limit: int) -> list[SearchHit]:
        candidates = limit * self.CANDIDATES_PER_RESULT
        hits = self._run(self.best_candidates, match, scope, limit, candidates=candidates)
        if len(hits) < limit:
            hits = self._run(self.every_match, match, scope, limit)
        return hits

    @staticmethod
    def match(terms: list[str]) -> str:
        return " OR ".join(f'"{term}"' for term in terms)  # quoted: each term is a string, never syntax


class PostgresSearcher(_SqlSearcher):
    """PostgreSQL tsvector (english: stemming, stopwords) ranked by cover density."""

    visible_among, saves_among = VISIBLE_AMONG_ARRAY, SAVES_AMONG_ARRAY

    statement = _search_statement(f"""
        SELECT t.id, ts_rank_cd(t.search_vector, q) AS score
        FROM tip AS t, websearch_to_tsquery('english', :match) AS q
        WHERE t.search_vector @@ q AND {VISIBLE_TO_SCOPE}
        ORDER BY score DESC, t.id LIMIT :limit""")

    def _ranked(self, match: str, scope: Scope, limit: int) -> list[SearchHit]:
        return self._run(self.statement, match, scope, limit)

    @staticmethod
    def match(terms: list[str]) -> str:
        return " or ".join(terms)  # websearch syntax; terms are bare words and "or" is a stopword


def searcher_for(session: Session) -> Searcher:
    """The searcher for the session's database."""
    dialect = session.get_bind().dialect.name
    return Fts5Searcher(session) if dialect == "sqlite" else PostgresSearcher(session)
