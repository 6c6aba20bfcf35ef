# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Benchmark round consolidation (issue 3) and the shop under load (issue
5): python -O -m bench [PART]

  compare  the same demand (30 co-ops x 200 lines) on our hub round and on
           Tryton's own path (sale_supply + Create Purchase), with the ratio
  scale    our hub round alone at national size (300 co-ops, 60,000 lines)
  all      both (default)
  portal   the shop of a 10,000-offer round served by gunicorn, under 20
           concurrent clients (bench/portal.py); apart from all, as it
           measures something else

Each benchmark runs in its own process on a fresh copy of a template
database (bench_coop_template) that has the modules activated; the copies
are dropped afterwards unless --keep."""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

from . import db, portal
from .measure import MIB
from .ours import SPECS

# Issue 3 targets
TARGET_RATIO = 30
TARGET_SCALE_SECONDS = 60
TARGET_SCALE_PEAK = 1024 * MIB


def say(*args):
    print(*args, flush=True)


def log(message):
    say(f"  [{time.strftime('%H:%M:%S')}] {message}")


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open('/proc/cpuinfo') as cpuinfo:
            for line in cpuinfo:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ''
    try:
        with open('/proc/meminfo') as meminfo:
            total = int(meminfo.readline().split()[1]) * 1024
            memory = f", {total / 1024 / MIB:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} x {cpu}{memory}"


def header():
    import importlib.metadata
    import psycopg
    say("Central de Compras Cooperativa: benchmarks (issues 3 and 5)")
    say(f"  machine    {machine()}, load average "
        + ' '.join(f'{x:.1f}' for x in os.getloadavg()))
    say(f"  software   trytond {importlib.metadata.version('trytond')}, "
        f"Python {platform.python_version()}"
        f"{' -O' if sys.flags.optimize else ''}, "
        f"PostgreSQL {db.server_version()}, psycopg {psycopg.__version__} "
        f"({psycopg.pq.__impl__})")
    say(f"  trytond    config/trytond.conf on {db.server_uri()}, "
        f"[cache] record = {db.record_cache():,} (both paths)")


def child(module, database, spec, keep):
    "Run one benchmark in a fresh process on a fresh database"
    db.copy_template(database)
    with tempfile.TemporaryDirectory() as tmp:
        result = os.path.join(tmp, 'result.json')
        process = subprocess.run(db.python_command() + [
                '-m', module, '--database', database, '--spec', spec,
                '--result', result], cwd=db.ROOT)
        figures = None
        if os.path.exists(result):
            with open(result) as input_:
                figures = json.load(input_)
    if not keep:
        db.drop(database)
    if process.returncode:
        say(f"  !! {module} failed (exit status {process.returncode})")
    return figures if not process.returncode else None


def verdict(ok):
    return 'met' if ok else 'NOT met'


def main():
    parser = argparse.ArgumentParser(description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('part', nargs='?', default='all',
        choices=['all', 'compare', 'scale', 'portal'])
    parser.add_argument('--keep', action='store_true',
        help="keep the benchmark databases (bench_coop_*) for inspection")
    parser.add_argument('--record-cache', type=int,
        help="trytond's [cache] record for both paths "
        f"(default {db.DEFAULT_RECORD_CACHE:,}, as config/trytond.conf)")
    parser.add_argument('--workers', type=int, default=portal.WORKERS,
        help="gunicorn workers for the portal benchmark (default "
        f"{portal.WORKERS}, one per core)")
    args = parser.parse_args()
    if args.record_cache:
        # Read by bench.db in this process and in the benchmark processes
        os.environ['BENCH_RECORD_CACHE'] = str(args.record_cache)

    header()
    db.ensure_template(log)
    summary = []

    if args.part in {'all', 'compare'}:
        say("")
        say(f"1. Same demand on both paths: {SPECS['compare']}")
        say("  Ours: hub round, close + consolidate buttons until every "
            "purchase and sale exists")
        ours = child('bench.ours', db.PREFIX + 'compare_ours', 'compare',
            args.keep)
        say("  Tryton: sales with supply on sale, quote + confirm + process, "
            "then the Create Purchase wizard")
        tryton = child('bench.tryton_path', db.PREFIX + 'compare_tryton',
            'compare', args.keep)
        if ours and tryton:
            ratio = tryton['total'] / ours['total']
            line = (f"ours {ours['total']:.2f} s; Tryton "
                f"{tryton['total']:.1f} s (sales {tryton['sales']:.1f} s, "
                f"wizard {tryton['wizard']:.1f} s); Tryton / ours = "
                f"{ratio:.1f}x (target >= {TARGET_RATIO}x: "
                f"{verdict(ratio >= TARGET_RATIO)})")
            say(f"  => {line}")
            summary.append(f"1. {line}")
        else:
            summary.append("1. failed, see above")

    if args.part in {'all', 'scale'}:
        say("")
        say(f"2. Scale, ours alone: {SPECS['scale']}")
        scale = child('bench.ours', db.PREFIX + 'scale', 'scale', args.keep)
        if scale:
            ok_time = scale['total'] < TARGET_SCALE_SECONDS
            ok_peak = scale['peak'] < TARGET_SCALE_PEAK
            line = (f"ours {scale['total']:.1f} s, peak RSS "
                f"{scale['peak'] / MIB:.0f} MiB (targets < "
                f"{TARGET_SCALE_SECONDS} s: {verdict(ok_time)}; < 1 GiB: "
                f"{verdict(ok_peak)})")
            say(f"  => {line}")
            summary.append(f"2. {line}")
        else:
            summary.append("2. failed, see above")

    if args.part == 'portal':
        say("")
        say(f"3. The shop under load: {portal.SPEC.products:,} offers, "
            f"{portal.CLIENTS} clients, gunicorn with {args.workers} "
            f"workers")
        try:
            result = portal.run(args.keep, say, log, workers=args.workers)
        except (SystemExit, subprocess.CalledProcessError) as error:
            say(f"  !! {error}")
            result = None
        if result:
            for kind in portal.KINDS:
                measured = result[f'{kind} x{portal.CLIENTS}']
                target = portal.TARGET_P95.get(kind)
                line = (f"{kind}, {portal.CLIENTS} clients: p50 "
                    f"{measured['p50'] * 1000:.0f} ms, p95 "
                    f"{measured['p95'] * 1000:.0f} ms, "
                    f"{measured['throughput']:.1f} req/s ")
                if target:
                    line += (f"(target p95 < {target * 1000:.0f} ms: "
                        f"{verdict(measured['p95'] < target)}); ")
                else:
                    line += "(for reference: no target); "
                line += f"{measured['errors']} errors"
                if measured['errors']:
                    # A wrong answer is no figure: the run failed
                    line += ", failed"
                say(f"  => {line}")
                summary.append(f"3. {line}")
            say(f"  (Open Food Network's own target for a 10,000-product "
                f"shop: {portal.OFN_TARGET})")
        else:
            summary.append("3. failed, see above")

    say("")
    say("Summary")
    for line in summary:
        say(f"  {line}")
    return 0 if all('failed' not in s for s in summary) else 1


if __name__ == '__main__':
    sys.exit(main())
