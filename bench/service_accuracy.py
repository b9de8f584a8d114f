#!/usr/bin/env python3
"""Accuracy through the service: import a training file over HTTP, train with the service's defaults, score the
held-out ratings with POST /users/{u}/predictions (RMSE) and GET /users/{u}/recommendations (NDCG@10 against
popularity from GET /items/popular, training items left out), as a client would see them.

usage: service_accuracy.py BASE_URL (--train FILE --test FILE | --data ratings.csv --test-fraction 0.1 --seed 42)
The random split reproduces the engine's Splits.random (java.util.Random shuffle), so the figures compare
with `evaluate --data ... --test-fraction ... --seed ...`."""
import argparse, json, math, sys, time, urllib.request

def read(path):
    rows = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            parts = line.replace('::', '\t').replace(',', '\t').split('\t')
            if not parts[0].isdigit():
                continue  # header
            rows.append((parts[0], parts[1], float(parts[2])))
    return rows

class JavaRandom:
    def __init__(self, seed):
        self.s = (seed ^ 0x5DEECE66D) & ((1 << 48) - 1)
    def next(self, bits):
        self.s = (self.s * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
        v = self.s >> (48 - bits)
        return v - (1 << 32) if v >= (1 << 31) else v
    def next_int(self, bound):
        if bound & (-bound) == bound:
            return (bound * self.next(31)) >> 31
        while True:
            bits = self.next(31)
            val = bits % bound
            if bits - val + (bound - 1) < (1 << 31):
                return val

def random_split(rows, fraction, seed):
    n = len(rows)
    order = list(range(n))
    rnd = JavaRandom(seed)
    for e in range(n - 1, 0, -1):
        j = rnd.next_int(e + 1)
        order[e], order[j] = order[j], order[e]
    k = int(math.floor(fraction * n + 0.5))
    test = sorted(order[:k])
    train = sorted(order[k:])
    return [rows[i] for i in train], [rows[i] for i in test]

def call(url, method='GET', body=None, ctype='application/json'):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    req = urllib.request.Request(url, data=data, method=method, headers={'Content-Type': ctype})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read() or b'null')

def ndcg(ranked, relevant):
    dcg = sum(1 / math.log2(r + 2) for r, i in enumerate(ranked[:10]) if i in relevant)
    idcg = sum(1 / math.log2(r + 2) for r in range(min(10, len(relevant))))
    return dcg / idcg

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('base')
    ap.add_argument('--train'); ap.add_argument('--test'); ap.add_argument('--data')
    ap.add_argument('--test-fraction', type=float, default=0.1); ap.add_argument('--seed', type=int, default=42)
    ap.add_argument('--relevant', type=float, default=4.0)
    a = ap.parse_args()
    if a.data:
        train, test = random_split(read(a.data), a.test_fraction, a.seed)
    else:
        train, test = read(a.train), read(a.test)
    body = ''.join(f'{u}\t{i}\t{r}\n' for u, i, r in train).encode()
    t0 = time.time()
    imp = call(a.base + '/ratings/import', 'POST', body, 'text/tab-separated-values')
    print(f'imported {imp["imported"]} ratings in {time.time() - t0:.1f} s')
    t0 = time.time()
    run = call(a.base + '/model/training', 'POST', {})
    while run['status'] in ('queued', 'running'):
        time.sleep(1)
        run = call(f'{a.base}/model/training/{run["runId"]}')
    train_s = time.time() - t0
    if run['status'] != 'succeeded':
        sys.exit(f'training ended {run["status"]}: {run.get("error")}')
    model = call(a.base + '/model')
    search = run.get('search') or {}
    print(f'run {run["runId"]} {run["status"]} in {train_s:.1f} s (server total {run["timings"]["totalMs"]} ms); '
          f'search trials {search.get("trial")} of {search.get("trials")}')
    print('chosen', json.dumps(model['configuration']['rating']), json.dumps(model['configuration']['ranking']))
    print('run held-out metrics', json.dumps(run['metrics']))
    by_user = {}
    for u, i, r in test:
        by_user.setdefault(u, []).append((i, r))
    rated = {}
    for u, i, r in train:
        rated.setdefault(u, set()).add(i)
    se = 0.0; n = 0
    for u, cells in by_user.items():
        ids = [i for i, _ in cells]
        for start in range(0, len(ids), 1000):
            preds = call(f'{a.base}/users/{u}/predictions', 'POST', {'itemIds': ids[start:start + 1000]})
            for p, (_, r) in zip(preds, cells[start:start + 1000]):
                if p['rating'] is None:
                    continue  # an item the service has never seen: no prediction to score
                se += (p['rating'] - r) ** 2; n += 1
    rmse = math.sqrt(se / n)
    longest = max(len(s) for s in rated.values())
    popular = [x['itemId'] for x in call(f'{a.base}/items/popular?limit={min(1000, longest + 10)}')['items']]
    m_sum = p_sum = 0.0; users = 0
    for u, cells in by_user.items():
        relevant = {i for i, r in cells if r >= a.relevant}
        if not relevant:
            continue
        rec = [x['itemId'] for x in call(f'{a.base}/users/{u}/recommendations?limit=10')['items']]
        pop = [i for i in popular if i not in rated.get(u, set())][:10]
        m_sum += ndcg(rec, relevant); p_sum += ndcg(pop, relevant); users += 1
    print(f'summary served_rmse={rmse:.4f} scored={n} of {len(test)} ndcg@10={m_sum / users:.4f} '
          f'popularity_ndcg@10={p_sum / users:.4f} ratio={m_sum / p_sum:.3f} users={users} train_s={train_s:.1f} '
          f'algorithm={model["algorithm"]}')

main()
