"""One ranking from the lexical ranking (the words typed and the glossary's names) and the
semantic one (the case studies whose vectors are nearest the query's), by reciprocal rank: a
case study scores 1 / (K + its rank) in each ranking it is in, summed. Ranks, not scores, so
that bm25, ts_rank, Elasticsearch's scores and cosines need no common scale. Both engines fuse
here, so they rank alike."""

K = 60  # the usual constant: on the judged corpus 20 and 60 rank alike
# The semantic ranking's length: the case studies nearest the query, among those that pass the
# filters and that the requester may see. They join the lexical matches in the results, the
# facet counts and the total. On the judged corpus's cross-language set (SQLite, glossary on)
# recall@10 is 0.789 with 5, 0.797 with 8, 0.801 with 10, 0.799 with 12, 0.790 with 20.
NEAREST = 10
# Each cosine less the mean cosine of the case studies in its language: e5 ranks the query's
# own language higher across the board. Without it, recall@10 above is 0.717 instead of 0.801.
CENTRED = True


def depth(window):
    """How much of the lexical ranking to fuse, for the first `window` fused results: a case
    study below `window` lexically can still rise into it through the semantic ranking."""
    return window + NEAREST


def fused(lexical, nearest, limit):
    """(page id, score) of the first `limit` case studies of the two rankings, given as page
    ids best first, fused by reciprocal rank; ties keep the lexical order."""
    scores = {}
    for ranking in (lexical, nearest):
        for rank, pk in enumerate(ranking, start=1):
            scores[pk] = scores.get(pk, 0.0) + 1.0 / (K + rank)
    return sorted(scores.items(), key=lambda item: -item[1])[:limit]
