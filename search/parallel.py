"""Work a search does beside the request's own thread, so that the two overlap: embedding the
words (the model's C engine lets go of the GIL while it runs), Elasticsearch's kNN request and
its request for knowledge requests, while the request's thread runs the lexical search. A job
never waits for a job submitted after it, so the pool cannot deadlock; and no job touches the
database (a thread of the pool would open a connection of its own and keep it)."""

from concurrent.futures import ThreadPoolExecutor

# A search runs three jobs; a threaded server runs a few searches at once in a process.
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="search")


def start(function, *args):
    """function(*args) in the pool: a Future, whose result() waits for it (and raises what it
    raised)."""
    return _pool.submit(function, *args)
