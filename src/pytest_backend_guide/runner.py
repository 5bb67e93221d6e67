"""Compute the results of many files at once: cache first, then cores.

Used by the pytest plugin at the first guide item of a session: every file
item of the session is checked in one batch, reading cached results where
the content is unchanged and spreading the rest over processes when there
are enough of them to pay for it.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import multiprocessing
import os
import threading
import warnings
from collections.abc import Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pytest_backend_guide import __version__
from pytest_backend_guide.cache import ResultCache
from pytest_backend_guide.crash import CheckerCrash as CheckerCrash  # re-exported
from pytest_backend_guide.crash import crash_message
from pytest_backend_guide.discovery import FoundFile
from pytest_backend_guide.engine import FileResult, check_bytes, read_file
from pytest_backend_guide.manager import FileHook
from pytest_backend_guide.project import FileFact
from pytest_backend_guide.registry import RuleRegistry
from pytest_backend_guide.replay import Replay, shown_replay, shown_to_json
from pytest_backend_guide.settings import Settings

PARALLEL_MIN_FILES = 200
FREEZE_MIN_FILES = 50
CHUNK_SIZE = 16

_worker_state: BatchRunner | None = None
_worker_pending: list[_Pending] = []


Checked = FileResult | Replay | CheckerCrash
"""What checking a file gives: its result (or, from the cache, what its item
shows), or the crash of a checker on it."""


@dataclass(frozen=True)
class _Pending:
    relpath: str
    data: bytes
    key: str | None


def checkers_fingerprint(
    settings: Settings, versions: Sequence[str], code: str = ""
) -> str:
    """Return a digest of the settings, our version and every checker's version.

    Args:
        settings: The effective settings.
        versions: ``name==version`` of each package that provides checkers.
        code: The digest of the checkers' code (:func:`code_digest`).

    Returns:
        A hex digest: a cache made under another digest is not reused.
    """
    parts = [__version__, settings.fingerprint(), *versions, code]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


class BatchRunner:
    """Checks files in batches, through the cache and over processes."""

    def __init__(
        self,
        settings: Settings,
        hook: FileHook,
        cache: ResultCache | None = None,
        processes: int | None = None,
        facts: Sequence[FileFact] = (),
        rules: RuleRegistry | None = None,
    ) -> None:
        """Prepare a runner.

        Args:
            settings: The effective settings.
            hook: The checkers' hook relay.
            cache: Where results are kept between runs, if anywhere.
            processes: Worker processes for large batches; the number of
                usable cores when not given, 1 to stay in this process.
            facts: Facts of each checked file that project checks will ask for.
            rules: The rule names, to give what a file's item shows rather
                than its result (see :attr:`replay`).
        """
        self.settings = settings
        self.hook = hook
        self.cache = cache
        self.processes = processes if processes is not None else _usable_cores()
        self.facts = tuple(facts)
        self.rules = rules
        # Files give what their items show, not their violations (see
        # :mod:`pytest_backend_guide.replay`), when no report needs them: a
        # cached file from its entry's head, a checked one rendered where it
        # is checked (with :attr:`rules`), so that a worker sends the parent
        # its text, not every violation as objects to rebuild and render.
        self.replay = False
        self.cache_hits = 0
        self.used_processes = False

    def run(self, files: Sequence[FoundFile]) -> dict[str, Checked]:
        """Check files, returning each one's result.

        Args:
            files: The files to check.

        Returns:
            Results by display path.
        """
        return dict(self.results(files))

    def results(
        self, files: Sequence[FoundFile]
    ) -> Generator[tuple[str, Checked], None, None]:
        """Check files, yielding each one's result in the order given, as it is ready.

        Every file is read and hashed first; those without a cache entry are
        checked, over worker processes for a large batch. A cached result is
        loaded only when its turn comes, so that a warm run never holds every
        file's violations at once. A caller that reports each result as it
        comes does so while the workers check the files after it; closing
        the iterator early stops the workers.

        Args:
            files: The files to check.

        Yields:
            ``(display path, result)`` per file.
        """
        cache = self.cache
        unreadable: dict[str, FileResult] = {}
        stored: dict[str, _Pending] = {}
        pending: list[_Pending] = []
        for found in files:
            data = read_file(found, self.settings)
            if isinstance(data, FileResult):
                unreadable[found.relpath] = data
                continue
            key = cache.key(found.relpath, data) if cache is not None else None
            item = _Pending(found.relpath, data, key)
            if cache is not None and key is not None and cache.has(key):
                stored[found.relpath] = item
            else:
                pending.append(item)
        computed = self._computed(pending)
        try:
            for found in files:
                relpath = found.relpath
                if relpath in unreadable:
                    yield relpath, unreadable.pop(relpath)
                elif cache is not None and relpath in stored:
                    yield relpath, self._stored(cache, stored.pop(relpath))
                else:
                    item, result = next(computed)
                    yield item.relpath, result
        finally:
            computed.close()

    def _stored(self, cache: ResultCache, item: _Pending) -> Checked:
        """Return a file's cached result; check it here if the entry is unusable."""
        if self.replay and item.key is not None:
            replay = cache.get_replay(item.key)
            if (
                replay is not None
                and replay.path == item.relpath
                and self._facts_usable(replay.error, replay.facts)
            ):
                self.cache_hits += 1
                return replay
        cached = cache.get(item.key) if item.key is not None else None
        if (
            cached is not None
            and cached.path == item.relpath
            and self._facts_usable(cached.error is not None, cached.facts)
        ):
            self.cache_hits += 1
            return cached
        return self.check_and_store(item)  # corrupt, foreign or vanished entry

    def _facts_usable(self, error: bool, facts: Mapping[str, Any]) -> bool:
        """Tell whether a cached result holds every fact asked for, undamaged.

        An entry stored without a fact (by a run with no project check that
        asks for it) or with one that does not validate is a miss: the file
        is checked again and the entry rewritten with the fact.
        """
        if error:
            return True  # a file that cannot be parsed has no facts
        return all(
            fact.kind in facts and fact.is_valid(facts[fact.kind])
            for fact in self.facts
        )

    def _computed(
        self, pending: list[_Pending]
    ) -> Generator[tuple[_Pending, Checked], None, None]:
        """Yield each pending file with its result, in order, as it is computed."""
        if not pending:
            return
        # Freezing keeps the collector off the objects that exist now (in
        # here and, inherited, in the workers). Not for a few files: a freeze
        # and unfreeze per file of an xdist worker took -n 2 on Django from
        # 62 to 121 MiB, for no gain.
        with (
            _frozen_heap()
            if len(pending) >= FREEZE_MIN_FILES
            else contextlib.nullcontext()
        ):
            if not self._parallel(pending):
                for item in pending:
                    yield item, self.check_and_store(item)
                return
            yield from self._pooled(pending)

    def _parallel(self, pending: list[_Pending]) -> bool:
        return (
            len(pending) >= PARALLEL_MIN_FILES and self.processes >= 2 and _can_fork()
        )

    def _pooled(self, pending: list[_Pending]) -> Iterator[tuple[_Pending, Checked]]:
        """Check files in forked workers, which inherit this runner and the bytes."""
        global _worker_state, _worker_pending  # inherited by the forked workers
        _worker_state, _worker_pending = self, pending
        self.used_processes = True
        try:
            with warnings.catch_warnings():
                # Python 3.12+ warns about fork in threaded processes; we fork
                # only when this process runs a single thread.
                warnings.simplefilter("ignore", DeprecationWarning)
                pool = multiprocessing.get_context("fork").Pool(self.processes)
        finally:
            _worker_state, _worker_pending = None, []
        with pool:
            jobs = pool.imap(_check_in_worker, range(len(pending)), CHUNK_SIZE)
            yield from zip(pending, jobs)

    def check_and_store(self, item: _Pending) -> Checked:
        """Check one pending file and cache its result.

        Forked workers call it too, so that results are written to the
        cache in parallel rather than by the main process. In :attr:`replay`
        mode the result is rendered here, once, for both the cache entry and
        the item.

        Args:
            item: The file, its bytes and its cache key.

        Returns:
            The result (what its item shows, in :attr:`replay` mode), or the
            crash of a checker on this file.
        """
        try:
            result = check_bytes(
                item.relpath, item.data, self.settings, self.hook, self.facts
            )
        except Exception as exc:  # a checker's bug: reported on its file, not cached
            message = crash_message(exc)
            return CheckerCrash(
                f"{item.relpath}:1:1: error: {message}; no rule was checked here"
            )
        shown = None
        if self.replay and self.rules is not None and result.skipped is None:
            shown = shown_to_json(result, self.rules)
        if self.cache is not None and item.key is not None:
            self.cache.put(item.key, result, shown)
        if shown is None:
            return result
        return shown_replay(result.path, result.facts, shown)


def _check_in_worker(index: int) -> Checked:
    """Check one file in a forked worker, with the runner inherited from the parent."""
    if _worker_state is None:  # pragma: no cover - only reachable through misuse
        msg = "worker started without a runner"
        raise RuntimeError(msg)
    return _worker_state.check_and_store(_worker_pending[index])


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep the garbage collector off the objects that exist before the batch.

    Parsing allocates many container objects, each allocation burst triggers
    a collection, and each full collection would scan pytest's whole heap
    (every collected item and module) for nothing: measured on Django, 20%
    of the parse time. The objects are released to the collector afterwards.

    Yields:
        While the batch runs.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _can_fork() -> bool:
    methods = multiprocessing.get_all_start_methods()
    return "fork" in methods and threading.active_count() == 1
