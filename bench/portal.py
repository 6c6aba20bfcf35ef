# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The shop of the portal under load (issue 5): python -O -m bench portal

A round of 10,000 offers is generated into a fresh copy of the template
database (in its own trytond process, set-based as bench.generate does),
served by gunicorn with config/gunicorn.conf.py (one worker per core, or
--workers) on a free loopback port, as in production
(trytond.application:app), and loaded from this process by concurrent
clients, each with its own session of the buyer's web user:

  rounds     GET shop/, the lightest page of a buyer (its session, one
             search, the layout): what the stack itself costs, for reference
  catalogue  GET shop/round/<id>?q=...&category=...|supplier=...&page=...
  update     POST shop/offer/<id> (htmx) with a quantity in case steps

Every answer is checked (status 200 and the offers it must show), so that
an error cannot pass for a fast answer. The generation alone runs as

    python -O -m bench.portal --database DB --result ids.json"""
import configparser
import datetime as dt
import http.client
import http.cookies
import json
import multiprocessing
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict

from . import db
from .plan import PartyPlan, Spec, _cuit

# 10,000 offers of 50 suppliers; 30 other co-ops order 100 lines each, so
# that the live figures (combined quantity, tiers) have data to sum. The
# buyer's co-op has ordered as much: the catalogue shows its order's amount.
SPEC = Spec(coops=30, suppliers=50, products=10_000, lines_per_coop=100)
BUYER_LINES = 100
CATEGORIES = ["Almacén", "Lácteos", "Yerba", "Limpieza", "Blanquería"]
BUYER_EMAIL = 'compras@compradora.example'
BUYER_PASSWORD = 'bench-compradora-2016'
PER_PAGE = 20  # coop_portal.routes.PER_PAGE

CLIENTS = 20
# One per core: PostgreSQL and the clients share the cores with gunicorn
# here, and gunicorn.conf.py's default of 2 x cores + 1 did worse (see
# bench/README.md); --workers to change it
WORKERS = multiprocessing.cpu_count()
WARM_UP = 3  # seconds, not measured
SINGLE = 5  # seconds with one client: the time of one answer, no queue
DURATION = 20  # seconds with CLIENTS clients

KINDS = ['rounds', 'catalogue', 'update']
# Issue 5 targets, and Open Food Network's for a 10,000-product shop
TARGET_P95 = {'catalogue': 0.150, 'update': 0.300}
OFN_TARGET = "3-5 s"
GUNICORN_CONF = db.ROOT / 'config' / 'gunicorn.conf.py'


def category_of(index):
    "The category of the plan's product: runs of 7, not tied to suppliers"
    return (index // 7) % len(CATEGORIES)


def step_quantity(rng, offer):
    "A quantity that the offer takes: whole cases where it requires them"
    _, _, _, case_size, required = offer
    if required:
        return case_size * rng.randint(1, 4)
    return float(rng.randint(1, 40))


# Generation, in a trytond process of its own
def generate(database, result):
    from . import server
    pool = server.start(database)
    from trytond.transaction import Transaction

    from . import generate as generate_
    from .plan import plan as make_plan
    Category = pool.get('product.category')
    TemplateCategory = pool.get('product.template-product.category')
    Product = pool.get('product.product')
    Offer = pool.get('coop.round.offer')
    Order = pool.get('coop.round.order')
    Line = pool.get('coop.round.order.line')
    Country = pool.get('country.country')
    Subdivision = pool.get('country.subdivision')
    WebUser = pool.get('web.user')

    plan = make_plan(SPEC)
    with Transaction().start(database, 0) as transaction:
        base = generate_.create_base(plan)
        with transaction.set_context(base.context):
            round_id = generate_.create_round(
                plan, base, name="Ronda del portal")
            categories = Category.create([{'name': n} for n in CATEGORIES])
            cursor = transaction.connection.cursor()
            product = Product.__table__()
            cursor.execute(*product.select(product.id, product.template))
            templates = dict(cursor)
            tc = TemplateCategory.__table__()
            now = dt.datetime.now()
            cursor.execute(*tc.insert(
                    [tc.template, tc.category, tc.create_uid,
                        tc.create_date],
                    [[templates[p], categories[category_of(i)].id, 0, now]
                        for i, p in enumerate(base.products)]))

            # The buyer's co-op, its web user and its order: the
            # clients share it, none of them races to create it.
            argentina, = Country.search([('code', '=', 'AR')])
            province, = Subdivision.search([('code', '=', 'AR-X')])
            buyer, = generate_._create_parties([PartyPlan(
                        "Cooperativa de Consumo Compradora Ltda.",
                        'consumer', _cuit(900_000), '950000')],
                argentina.id, province.id)
            WebUser.create([{
                        'email': BUYER_EMAIL, 'password': BUYER_PASSWORD,
                        'coop_role': 'buyer', 'party': buyer.id}])
            order, = Order.create(
                [{'round': round_id, 'cooperative': buyer.id}])

            index = {p: i for i, p in enumerate(base.products)}
            offer = Offer.__table__()
            cursor.execute(*offer.select(offer.id, offer.product,
                    offer.supplier, offer.case_size, offer.case_required,
                    where=offer.round == round_id))
            offers = sorted([index[p], o, s, c, bool(r)]
                for o, p, s, c, r in cursor)
            rng = random.Random(SPEC.seed)
            line = Line.__table__()
            cursor.execute(*line.insert(
                    [line.order, line.offer, line.quantity, line.create_uid,
                        line.create_date],
                    [[order.id, o[1], step_quantity(rng, o), 0, now]
                        for o in rng.sample(offers, BUYER_LINES)]))
    with open(result, 'w') as output:
        json.dump({
                'round': round_id,
                'suppliers': base.suppliers,
                'categories': [c.id for c in categories],
                # [plan index, offer id, supplier id, case size, required]
                'offers': offers,
                'lines': len(plan.demand),
                }, output)


# The server
def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def trytond_config(tmp):
    """config/trytond.conf pointed at the benchmark's server, as one file:
    trytond reads a single TRYTOND_CONFIG, and its files win over the
    environment."""
    parser = configparser.RawConfigParser()
    parser.read(db.trytond_config_files(tmp), encoding='utf-8')
    path = os.path.join(tmp, 'gunicorn-trytond.conf')
    with open(path, 'w', encoding='utf-8') as output:
        parser.write(output)
    return path


def start_server(database, tmp, log, workers):
    "gunicorn as in production, with workers workers; (process, port)"
    port = free_port()
    env = dict(os.environ,
        GUNICORN_BIND=f'127.0.0.1:{port}',
        GUNICORN_WORKERS=str(workers),
        TRYTOND_CONFIG=trytond_config(tmp),
        # Each worker loads the pool before it answers
        TRYTOND_DATABASE_NAMES=database,
        TRYTOND_COOP_PORTAL__ASSETS=str(db.ROOT / 'var' / 'portal'))
    # The access log goes to a file: printing it would cost the terminal
    output = open(os.path.join(tmp, 'gunicorn.log'), 'w')
    process = subprocess.Popen(db.python_command() + [
            '-m', 'gunicorn', '-c', str(GUNICORN_CONF),
            'trytond.application:app'],
        cwd=db.ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited ({process.returncode}), "
                f"see {output.name}")
        try:
            status, _, _ = request(port, 'GET',
                f'/{database}/portal/login', {})
            if status == 200:
                log(f"gunicorn: {workers} workers on 127.0.0.1:{port}")
                return process, port
        except OSError:
            pass
        time.sleep(0.5)
    process.terminate()
    raise SystemExit("gunicorn did not answer in 180 s")


def stop_server(process):
    process.terminate()  # gunicorn's graceful shutdown
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# The clients
TOKEN = re.compile(r'name="_csrf_token" value="([0-9a-f]+)"')
ARTICLE = re.compile(r'<article class="offer card" id="offer-(\d+)"')


def request(port, method, path, cookies, data=None, headers=None):
    """One request on a new connection (gunicorn's sync workers close it);
    returns (status, body, location) and keeps the cookies set."""
    connection = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
    try:
        headers = dict(headers or {})
        if cookies:
            headers['Cookie'] = '; '.join(
                f'{k}={v}' for k, v in cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers['Content-Type'] = 'application/x-www-form-urlencoded'
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode('utf-8')
        for header in response.headers.get_all('Set-Cookie') or []:
            cookie = http.cookies.SimpleCookie(header)
            for name, morsel in cookie.items():
                if morsel.value:
                    cookies[name] = morsel.value
                else:
                    cookies.pop(name, None)
        return response.status, content, response.headers.get('Location')
    finally:
        connection.close()


class Client:
    "A buyer in a browser: its own session and the CSRF token of its forms"

    def __init__(self, number, port, database, data, totals):
        self.port = port
        self.prefix = f'/{database}/'
        self.data = data
        self.cookies = {}
        self.token = None
        self.rng = random.Random(number)
        # Its own offers to update, so that two clients never write the
        # same line at once (a buyer edits one line at a time)
        self.own = data['offers'][number::CLIENTS]
        self.totals = totals
        # The time of the last request alone: not what the client computes
        # before and checks after, which the threads' GIL would add
        self.elapsed = None

    def call(self, method, path, data=None, headers=None):
        before = time.perf_counter()
        try:
            return request(self.port, method, self.prefix + path,
                self.cookies, data=data, headers=headers)
        finally:
            self.elapsed = time.perf_counter() - before

    def login(self):
        status, body, _ = self.call('GET', 'portal/login')
        token = TOKEN.search(body).group(1)
        status, body, location = self.call('POST', 'portal/login', {
                '_csrf_token': token, 'email': BUYER_EMAIL,
                'password': BUYER_PASSWORD, 'next': ''})
        if status != 303 or 'coop_portal_session' not in self.cookies:
            raise SystemExit(f"login failed: {status} {body[:300]}")
        # The forms of a session carry its own token
        status, body, _ = self.call(
            'GET', f"shop/round/{self.data['round']}")
        self.token = TOKEN.search(body).group(1)

    def rounds(self):
        "The open rounds, which must link to the benchmark's round"
        status, body, _ = self.call('GET', 'shop/')
        if status != 200 or f"shop/round/{self.data['round']}" not in body:
            return f"rounds: {status}, {body[:200]!r}"

    def catalogue(self):
        """A search term with a category or a supplier filter on a page of
        the result; the page must show the offers that match, no fewer"""
        data = self.data
        digit = self.rng.randint(1, 9)
        query = {'q': f"Producto {digit}"}
        if self.rng.random() < 0.5:
            c = self.rng.randrange(len(CATEGORIES))
            query['category'] = data['categories'][c]
            total = self.totals[('category', c, digit)]
        else:
            supplier = self.rng.choice(data['suppliers'])
            query['supplier'] = supplier
            total = self.totals[('supplier', supplier, digit)]
        pages = max((total + PER_PAGE - 1) // PER_PAGE, 1)
        query['page'] = page = self.rng.randint(1, pages)
        expected = min(PER_PAGE, total - (page - 1) * PER_PAGE)
        status, body, _ = self.call('GET',
            f"shop/round/{data['round']}?" + urllib.parse.urlencode(query))
        shown = len(ARTICLE.findall(body))
        if status != 200 or shown != expected:
            return f"catalogue {query}: {status}, {shown} offers " \
                f"shown of {expected}"

    def update(self):
        "A quantity in the offer's steps, as the htmx form posts it"
        offer = self.rng.choice(self.own)
        offer_id = offer[1]
        quantity = step_quantity(self.rng, offer)
        plain = ('%.6f' % quantity).rstrip('0').rstrip('.')
        back = self.prefix + f"shop/round/{self.data['round']}"
        status, body, _ = self.call('POST', f'shop/offer/{offer_id}', {
                '_csrf_token': self.token, 'quantity': plain, 'next': back},
            headers={'HX-Request': 'true'})
        if (status != 200 or f'id="offer-{offer_id}"' not in body
                or f'value="{plain}"' not in body
                or 'role="alert"' in body):
            return f"update {offer_id} to {plain}: {status} {body[:200]!r}"


def load(clients, kind, seconds):
    """Each client repeats the kind of request for that long; returns
    (latencies, errors, elapsed seconds)"""
    latencies, errors = [], []
    start = time.perf_counter()
    stop = start + seconds

    def run(client):
        action = getattr(client, kind)
        while time.perf_counter() < stop:
            before = time.perf_counter()
            client.elapsed = None
            try:
                error = action()
            except Exception as exception:  # a broken answer is an error
                error = f"{kind}: {exception!r}"
            latencies.append(client.elapsed if client.elapsed is not None
                else time.perf_counter() - before)
            if error:
                errors.append(error)
    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - start


def percentile(values, fraction):
    return statistics.quantiles(values, n=100, method='inclusive')[
        round(fraction * 100) - 1] if len(values) > 1 else values[0]


def figures(latencies, errors, elapsed):
    return {
        'requests': len(latencies),
        'errors': len(errors),
        'first_errors': errors[:3],
        'p50': percentile(latencies, 0.50),
        'p95': percentile(latencies, 0.95),
        'throughput': len(latencies) / elapsed,
        }


def run(keep, say, log, workers=WORKERS):
    "The whole benchmark; returns its figures or None when it failed"
    database = db.PREFIX + 'portal'
    db.copy_template(database)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            ids = os.path.join(tmp, 'ids.json')
            start = time.perf_counter()
            subprocess.run(db.python_command() + [
                    '-m', 'bench.portal', '--database', database,
                    '--result', ids], cwd=db.ROOT, check=True)
            with open(ids) as input_:
                data = json.load(input_)
            db.analyze(database)
            log(f"generation {time.perf_counter() - start:.0f} s: "
                f"{len(data['offers']):,} offers of "
                f"{len(data['suppliers'])} suppliers in "
                f"{len(data['categories'])} categories, {data['lines']:,} "
                f"order lines of {SPEC.coops} other co-ops")
            server, port = start_server(database, tmp, log, workers)
            try:
                return measure(port, database, data, say, log)
            finally:
                stop_server(server)
                if server.returncode not in {0, -15}:
                    say(f"  !! gunicorn exit status {server.returncode}")
    finally:
        if not keep:
            db.drop(database)


def catalogue_totals(data):
    """{(filter, category index or supplier id, digit): the number of
    offers of the filter whose name contains "Producto <digit>"}, counted
    once so that the clients do not count them at each request"""
    names = [f"Producto {i + 1:04d}" for i in range(SPEC.products)]
    totals = {}
    for digit in range(1, 10):
        search = f"Producto {digit}"
        for index, _, supplier, _, _ in data['offers']:
            if search in names[index]:
                for key in [('category', category_of(index), digit),
                        ('supplier', supplier, digit)]:
                    totals[key] = totals.get(key, 0) + 1
    return defaultdict(int, totals)


def measure(port, database, data, say, log):
    totals = catalogue_totals(data)
    clients = [Client(n, port, database, data, totals)
        for n in range(CLIENTS)]
    # Together: hashing the password is slow by design
    threads = [threading.Thread(target=c.login) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if any(c.token is None for c in clients):
        raise SystemExit("some clients could not log in")
    log(f"{CLIENTS} clients logged in, each with its own session")
    result = {}
    say(f"  {'':20} {'clients':>7} {'requests':>8} {'errors':>6} "
        f"{'p50':>8} {'p95':>8} {'req/s':>7}")
    for kind in KINDS:
        load(clients, kind, WARM_UP)
        for count, seconds in [(1, SINGLE), (CLIENTS, DURATION)]:
            measured = figures(*load(clients[:count], kind, seconds))
            result[f'{kind} x{count}'] = measured
            say(f"  {kind:20} {count:7} {measured['requests']:8,} "
                f"{measured['errors']:6} {measured['p50'] * 1000:6.0f} ms "
                f"{measured['p95'] * 1000:6.0f} ms "
                f"{measured['throughput']:7.1f}")
            for error in measured['first_errors']:
                say(f"    !! {error}")
    return result


def main():
    from . import server
    args = server.child_arguments(__doc__)
    generate(args.database, args.result)
    return 0


if __name__ == '__main__':
    sys.exit(main())
