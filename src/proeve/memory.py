"""Freed memory goes back to the system.

glibc keeps the memory Python frees in its heaps for later allocations: after an export's
workbook or a large page the process keeps its highest size, and the free pieces between
live objects add up (the soak: 22 → 41 MiB free but kept in ten minutes). A daemon thread
asks glibc every PROEVE_MALLOC_TRIM_SECONDS (60; 0 turns it off) to hand the free pages
back (`malloc_trim`), which costs a few milliseconds on another core: ctypes lets go of the
GIL for the call, and glibc locks one arena at a time.
"""

import ctypes
import ctypes.util
import logging
import os
import threading


ENVIRONMENT = "PROEVE_MALLOC_TRIM_SECONDS"
DEFAULT_SECONDS = 60.0

logger = logging.getLogger("proeve.memory")
_started = threading.Event()


def interval(environ=os.environ):
    """Seconds between two trims; 0 (off) for a value that is not a number."""
    text = environ.get(ENVIRONMENT, "").strip()
    if not text:
        return DEFAULT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        logger.warning("%s=%r is not a number of seconds: memory is not trimmed", ENVIRONMENT, text)
        return 0.0
    return max(seconds, 0.0)


def trimmer():
    """glibc's malloc_trim as a function of no arguments, or None where there is none (musl,
    macOS)."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        trim = libc.malloc_trim
    except (OSError, AttributeError, TypeError):
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
