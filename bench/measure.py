# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Wall time and peak memory (RSS) of the phases of a benchmark.

On Linux the peak of each phase is its own: writing "5" to
/proc/self/clear_refs resets the high-water mark (VmHWM) to the current
RSS. Elsewhere only the peak of the whole process is known."""
import contextlib
import functools
import resource
import sys
import time

MIB = 1024 * 1024


def _read_status(key):
    try:
        with open('/proc/self/status') as status:
            for line in status:
                if line.startswith(key + ':'):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def reset_peak():
    "Start a new high-water mark; False where the system cannot"
    try:
        with open('/proc/self/clear_refs', 'w') as clear_refs:
            clear_refs.write('5')
        return True
    except OSError:
        return False


def peak_rss():
    peak = _read_status('VmHWM')
    if peak is None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # kilobytes on Linux, bytes on macOS
        peak *= 1 if sys.platform == 'darwin' else 1024
    return peak


def current_rss():
    return _read_status('VmRSS')


class Meter:
    "Phases run one after the other, each with its time and peak RSS"

    def __init__(self):
        self.phases = []  # [(name, seconds, peak bytes or None)]

    @contextlib.contextmanager
    def phase(self, name):
        own_peak = reset_peak()
        start = time.perf_counter()
        try:
            yield
        finally:
            self.phases.append((name, time.perf_counter() - start,
                    peak_rss() if own_peak else None))

    def add(self, name, seconds, peak=None):
        self.phases.append((name, seconds, peak))

    def time(self, *names):
        return sum(s for n, s, _ in self.phases if not names or n in names)

    def peak(self):
        peaks = [p for _, _, p in self.phases if p is not None]
        return max(peaks) if peaks else peak_rss()

    def wrap(self, cls, method, name=None):
        """Measure a method of a pool class as a phase, where it is called
        from the real code path (a button), without copying that path."""
        original = getattr(cls, method)

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            with self.phase(name or method):
                return original(*args, **kwargs)
        setattr(cls, method, wrapper)

        def restore():
            setattr(cls, method, original)
        return restore


@contextlib.contextmanager
def stopwatch():
    "with stopwatch() as elapsed: ...; elapsed() gives the seconds"
    start = time.perf_counter()
    end = None

    def elapsed():
        return (end if end is not None else time.perf_counter()) - start
    try:
        yield elapsed
    finally:
        end = time.perf_counter()


def fmt_seconds(seconds):
    return f'{seconds:8.2f} s'


def fmt_mb(size):
    return f'{size / MIB:6.0f} MiB' if size is not None else '        - '
