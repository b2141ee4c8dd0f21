"""Freed memory goes back to the system.

glibc keeps the memory Python frees in its heaps for later allocations: after an export's
workbook or a large page the process keeps its highest size, and the free pieces between
live objects add up (the soak: 22 → 41 MiB free but kept in ten minutes). A daemon thread
asks glibc every PROEVE_MALLOC_TRIM_SECONDS (60; 0 turns it off) to hand the free pages
back (`malloc_trim`), which costs a few milliseconds on another core: ctypes lets go of the
GIL for the call, and glibc locks one arena at a time.

Large blocks do not go into the heaps at all: glibc serves a block above its mmap threshold
from a mapping of its own, unmapped when it is freed. The threshold starts at 128 KiB, but
glibc raises it to the size of every such block that is freed (up to 32 MiB), so after the
first large page, zip or workbook, blocks of that size come from the heaps and stay there
between live objects. `large_blocks_from_mmap` fixes it at PROEVE_MALLOC_MMAP_THRESHOLD bytes
(1 MiB; 0 leaves glibc's own), which also stops the raising.
"""

import ctypes
import ctypes.util
import logging
import math
import os
import threading


ENVIRONMENT = "PROEVE_MALLOC_TRIM_SECONDS"
DEFAULT_SECONDS = 60.0
MMAP_ENVIRONMENT = "PROEVE_MALLOC_MMAP_THRESHOLD"
DEFAULT_MMAP_THRESHOLD = 1 << 20
MAX_MMAP_THRESHOLD = 32 << 20  # glibc refuses more on 64-bit systems
M_MMAP_THRESHOLD = -3  # glibc's malloc.h

logger = logging.getLogger("proeve.memory")
_started = threading.Event()


def _setting(environ, name, default, parse, what):
    """The operator's number from the environment: `default` when it is not set, None (and a
    warning) when it is not a number."""
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        return parse(text)
    except ValueError:
        logger.warning("%s=%r is not a number of %s", name, text, what)
        return None


def interval(environ=os.environ):
    """Seconds between two trims; 0 (off) for a value that is not a finite number."""
    seconds = _setting(
        environ, ENVIRONMENT, DEFAULT_SECONDS, float, "seconds: memory is not trimmed"
    )
    if seconds is None or not math.isfinite(seconds):
        return 0.0
    return max(seconds, 0.0)


def mmap_threshold(environ=os.environ):
    """Bytes from which a block gets a mapping of its own (at most 32 MiB); 0 (glibc's own)
    for a value that is not a whole number of bytes."""
    threshold = _setting(
        environ, MMAP_ENVIRONMENT, DEFAULT_MMAP_THRESHOLD, int, "bytes: glibc's threshold is kept"
    )
    return 0 if threshold is None else min(max(threshold, 0), MAX_MMAP_THRESHOLD)


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c"))
    except (OSError, TypeError):
        return None


def large_blocks_from_mmap(event=None, environ=os.environ):
    """IProcessStarting: fix glibc's mmap threshold. True when glibc took it."""
    threshold = mmap_threshold(environ)
    mallopt = getattr(_libc(), "mallopt", None) if threshold else None
    if mallopt is None:
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return mallopt(M_MMAP_THRESHOLD, threshold) == 1


def trimmer():
    """glibc's malloc_trim as a function of no arguments, or None where there is none (musl,
    macOS)."""
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is None:
        return None
    trim.argtypes = (ctypes.c_size_t,)
    trim.restype = ctypes.c_int
    return lambda: trim(0)


def trim_every(seconds, stop, trim):
    """Trim every `seconds` until `stop` is set."""
    while not stop.wait(seconds):
        trim()


def start_trimming(event=None, environ=os.environ):
    """IProcessStarting: start the thread once per process. Returns it (None when off)."""
    seconds = interval(environ)
    trim = trimmer() if seconds else None
    if trim is None or _started.is_set():
        return None
    _started.set()
    thread = threading.Thread(
        target=trim_every, args=(seconds, threading.Event(), trim), name="proeve-malloc-trim"
    )
    thread.daemon = True
    thread.start()
    return thread
