/*
 * Latent's dashboard: polls this server's own API and actuator and draws with uPlot (served from the jar).
 * Every list it shows is bounded (10 runs in the table, 50 in the plots, 10 items per list, at most 366
 * buckets of ratings over time, 120 samples of live serving), so it behaves the same with 100 or 100,000 items.
 */
(function () {
  'use strict';

  const KEY_STORAGE = 'latent.apiKey';
  const RECENT_USERS = 'latent.recentUsers';
  const API = '/api/v1';
  const LIVE_SAMPLES = 120; // 10 minutes at one scrape every 5 s
  const LABEL_CACHE = 2000;
  const RUN_PLOTS = 5;      // runs drawn in the loss plots
  const COLORS = ['#2b6cb0', '#dd6b20', '#38a169', '#805ad5', '#d53f8c', '#319795'];

  const $ = (id) => document.getElementById(id);
  const charts = {};
  const live = { t: [], rps: [], mean: [], max: [], previous: null }; // max: the p99 of each interval
  const labels = new Map();
  let catalogue = null; // true when the server has GET /api/v1/items/{itemId} (item labels)
  let runActive = false;
  let modelTrainedAt = null;
  // GET /dashboard/settings: whether this server asks for an API key, and whether recommendation reads are open
  let settings = { apiKeyRequired: false, publicRecommendations: true };
  let keyRefused = false; // the key of this tab was answered 401: ask again rather than poll with it

  // ---------- HTTP ----------

  function apiKey() {
    return sessionStorage.getItem(KEY_STORAGE) || '';
  }

  /**
   * True while keyed reads cannot succeed: the server asks for a key and this tab has none, or had its key
   * refused. The page then makes no keyed request (no 401 every few seconds) and asks for the key instead.
   */
  function locked() {
    return settings.apiKeyRequired && (!apiKey() || keyRefused);
  }

  function showKeyState() {
    $('api-key').value = '';
    $('api-key').placeholder = apiKey() ? (keyRefused ? 'refused' : 'set for this tab') : 'not set';
    $('key-form').style.display = settings.apiKeyRequired || apiKey() ? '' : 'none';
    $('key-needed').textContent = keyRefused
      ? 'This server refused the API key of this tab: enter the right one above.'
      : 'This server asks for an API key: enter it above (it stays in this browser tab only).';
    $('key-needed').hidden = !locked();
  }

  async function call(path, options) {
    const opts = Object.assign({}, options || {});
    const headers = Object.assign({ Accept: 'application/json' }, opts.headers || {});
    const key = apiKey();
    if (key) {
      headers['X-API-Key'] = key;
    }
    opts.headers = headers;
    const response = await fetch(path, opts);
    if (response.status === 401) {
      settings.apiKeyRequired = true; // whatever the settings said: this server wants a (different) key
      keyRefused = !!key;
      showKeyState();
    }
    return response;
  }

  /** The error a keyed call fails with while locked(): the panel says what is missing, without a request. */
  function keyNeeded() {
    const error = new Error('needs the API key (field above)');
    error.status = 401;
    error.locked = true;
    return error;
  }

  /** The JSON body of a 2xx answer; otherwise an Error carrying the status and the problem detail. */
  async function getJson(path, options) {
    const response = await call(path, options);
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const error = new Error((body && (body.detail || body.title)) || ('HTTP ' + response.status));
      error.status = response.status;
      error.problem = body;
      throw error;
    }
    return body;
  }

  function note(id, text, isError) {
    const el = $(id);
    if (isError && /needs the API key/.test(text || '')) isError = false;
    el.textContent = text || '';
    el.classList.toggle('error', !!isError);
  }

  // ---------- formatting ----------

  const fmtInt = (n) => (n == null ? '–' : Number(n).toLocaleString('en-US'));
  const fmt = (x, digits) => (x == null || !isFinite(x) ? '–' : Number(x).toFixed(digits));

  function ago(iso) {
    if (!iso) {
      return '–';
    }
    const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
    if (s < 90) return Math.round(s) + ' s';
    if (s < 5400) return Math.round(s / 60) + ' min';
    if (s < 129600) return (s / 3600).toFixed(1) + ' h';
    return (s / 86400).toFixed(1) + ' days';
  }

  function duration(ms) {
    if (ms == null) return '–';
    return ms < 10000 ? (ms / 1000).toFixed(1) + ' s' : ms < 120000 ? Math.round(ms / 1000) + ' s'
      : (ms / 60000).toFixed(1) + ' min';
  }

  function shortTime(iso) {
    if (!iso) return '–';
    const d = new Date(iso);
    return d.toISOString().slice(0, 16).replace('T', ' ');
  }

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'class') e.className = v; else e.setAttribute(k, v);
    });
    if (text != null) e.textContent = text;
    return e;
  }

  function row(cells) {
    const tr = document.createElement('tr');
    cells.forEach((c) => {
      const td = document.createElement('td');
      if (c instanceof Node) td.appendChild(c); else td.textContent = c == null ? '–' : c;
      tr.appendChild(td);
    });
    return tr;
  }

  // ---------- charts ----------

  /**
   * Draws data into the chart in the element id: builds it when the series changed, else only sets the data.
   * Marks the element with the number of points drawn (data-points) and shows emptyText when there are none.
   */
  function draw(id, opts, data, emptyText, xRange) {
    const host = $(id);
    const signature = JSON.stringify(opts.series.map((s) => s.label)) + JSON.stringify(opts.axes ? opts.axes.length : 0);
    let chart = charts[id];
    if (!chart || chart.signature !== signature) {
      if (chart) chart.plot.destroy();
      const full = Object.assign({ width: Math.max(200, host.clientWidth), height: 200, legend: { live: false } }, opts);
      chart = { plot: new uPlot(full, data, host), signature };
      charts[id] = chart;
    } else {
      chart.plot.setData(data);
    }
    // uPlot pads a single x value by a share of its magnitude (years around a timestamp): set the range instead
    if (xRange && data[0].length > 0) {
      chart.plot.setScale('x', { min: xRange[0], max: xRange[1] });
    }
    let points = 0;
    for (let s = 1; s < data.length; s++) {
      points += data[s].filter((v) => v != null).length;
    }
    host.dataset.points = String(points);
    let empty = host.querySelector('.empty');
    if (!empty) {
      empty = el('div', { class: 'empty' });
      host.appendChild(empty);
    }
    empty.textContent = points === 0 ? emptyText : '';
  }

  window.addEventListener('resize', () => {
    Object.entries(charts).forEach(([id, c]) => c.plot.setSize({ width: Math.max(200, $(id).clientWidth), height: 200 }));
  });

  /** Bars grow from zero. */
  const fromZero = { range: (u, min, max) => [0, Math.max(1, (max || 0) * 1.1)] };

  const bars = () => uPlot.paths.bars({ size: [0.7, 60] });

  /** A scale range that never collapses to one value (uPlot draws nothing on a zero-width range). */
  function padded(min, max) {
    if (min == null || max == null) return [0, 1];
    if (min === max) return [min - 1, max + 1];
    return [min, max];
  }

  /** [min, max] widened to at least span around their middle. */
  function widen(min, max, span) {
    if (max - min >= span) return [min, max];
    const mid = (min + max) / 2;
    return [mid - span / 2, mid + span / 2];
  }

  /** The last ten minutes, so the live plots scroll at a steady pace. */
  function liveRange() {
    const now = Date.now() / 1000;
    return [now - LIVE_SAMPLES * 5, now];
  }

  // ---------- store ----------

  async function refreshStore() {
    try {
      const s = await getJson(API + '/stats');
      $('users').textContent = fmtInt(s.users);
      $('items').textContent = fmtInt(s.items);
      $('ratings').textContent = fmtInt(s.ratings);
      $('density').textContent = s.density ? (s.density * 100).toFixed(2) + ' %' : '–';
      $('newest').textContent = s.newestRating ? shortTime(s.newestRating) : '–';
      drawHistogram(s.histogram || []);
      drawTimeline(s.ratingsOverTime);
      note('store-note', s.ratings === 0 ? 'No ratings yet: POST /api/v1/ratings or /api/v1/ratings/import.' : '');
    } catch (e) {
      note('store-note', 'stats: ' + e.message, true);
    }
  }

  function drawHistogram(buckets) {
    const xs = [];
    const ys = [];
    if (buckets.length > 0) {
      const byFrom = new Map(buckets.map((b) => [b.from, b.count]));
      const first = buckets[0].from;
      const last = buckets[buckets.length - 1].from;
      for (let x = first; x <= last + 1e-9; x += 0.5) {
        xs.push(x);
        ys.push(byFrom.get(Math.round(x * 2) / 2) || 0);
      }
    }
    draw('chart-histogram', {
      scales: { x: { time: false, range: (u, min, max) => padded(min - 0.5, max + 0.5) }, y: fromZero },
      axes: [{ label: 'rating (half-point buckets)' }, { size: 60 }],
      series: [{ label: 'from' }, { label: 'ratings', stroke: COLORS[0], fill: COLORS[0] + 'aa', paths: bars(), points: { show: false } }]
    }, [xs, ys], 'no ratings yet');
  }

  function drawTimeline(t) {
    const xs = [];
    const ys = [];
    if (t && t.from && t.counts) {
      const start = Date.parse(t.from) / 1000;
      const step = t.bucketDays * 86400;
      t.counts.forEach((c, i) => {
        xs.push(start + i * step);
        ys.push(c);
      });
    }
    $('timeline-caption').textContent = t && t.bucketDays > 1 ? 'Ratings per ' + t.bucketDays + ' days' : 'Ratings per day';
    draw('chart-timeline', {
      scales: { y: fromZero },
      axes: [{}, { size: 60 }],
      series: [{ label: 'day' }, { label: 'ratings', stroke: COLORS[2], fill: COLORS[2] + '66', paths: bars(), points: { show: false } }]
    }, [xs, ys], 'no ratings yet', xs.length ? [xs[0] - 43200, xs[xs.length - 1] + t.bucketDays * 86400] : null);
  }

  // ---------- model ----------

  const METRIC_ROWS = [
    // [label, metric, baseline metric, baseline name, higher is better]
    ['RMSE (rating model)', 'heldOutRmse', 'baselineRmse', 'biases only', false],
    ['MAE (rating model)', 'heldOutMae', null, null, false],
    ['NDCG@10 (ranking model)', 'ndcg@10', 'popularityNdcg@10', 'popularity', true],
    ['NDCG@10 (rating model)', 'ratingModelNdcg@10', 'popularityNdcg@10', 'popularity', true]
  ];

  async function refreshModel() {
    let m;
    try {
      m = await getJson(API + '/model');
    } catch (e) {
      if (e.status === 404) {
        $('model-none').hidden = false;
        $('model-body').hidden = true;
        modelTrainedAt = null;
        note('model-note', '');
        return;
      }
      note('model-note', 'model: ' + e.message, true);
      return;
    }
    $('model-none').hidden = true;
    $('model-body').hidden = false;
    modelTrainedAt = m.trainedAt;
    $('model-version').textContent = m.version;
    $('model-age').textContent = ago(m.trainedAt);
    $('model-age').title = 'trained at ' + m.trainedAt;
    $('model-algorithm').textContent = m.algorithm + ', rank ' + m.rank;
    $('model-counts').textContent = fmtInt(m.users) + ' × ' + fmtInt(m.items) + ', ' + fmtInt(m.ratings);

    const metrics = m.metrics || {};
    const body = $('model-metrics').querySelector('tbody');
    body.replaceChildren();
    METRIC_ROWS.forEach(([label, key, baseKey, baseName, higherBetter]) => {
      if (metrics[key] == null) return;
      const value = metrics[key];
      const base = baseKey ? metrics[baseKey] : null;
      let versus = '–';
      let cls = '';
      if (base != null && base !== 0) {
        const change = (value - base) / base * 100;
        versus = (change >= 0 ? '+' : '') + change.toFixed(1) + ' %';
        cls = (change > 0) === higherBetter ? 'better' : 'worse';
      }
      const vs = el('span', { class: cls }, versus);
      body.appendChild(row([label, fmt(value, 4), base != null ? fmt(base, 4) + ' (' + baseName + ')' : '–', vs]));
    });
    if (!body.children.length) {
      body.appendChild(row(['nothing held out (latent.training.holdout-fraction = 0)', '', '', '']));
    }
    const params = $('model-parameters');
    params.replaceChildren();
    Object.entries(m.parameters || {}).slice(0, 40).forEach(([k, v]) => {
      // a nested value (the search's chosen configuration) as JSON, cut short; all of it on hover
      const text = v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
      const li = el('li', { title: text.length > 60 ? text : '' }, k + ' ');
      li.appendChild(el('b', {}, text.length > 60 ? text.slice(0, 57) + '…' : text));
      params.appendChild(li);
    });
    note('model-note', '');
  }

  $('train').addEventListener('click', async () => {
    if (locked()) {
      showKeyState();
      note('train-note', 'needs the API key');
      return;
    }
    try {
      const run = await getJson(API + '/model/training', { method: 'POST' });
      note('train-note', 'run ' + run.runId + ' queued');
      runActive = true;
      schedule(refreshRuns, 200);
    } catch (e) {
      note('train-note', e.status === 409 ? 'a run is already in progress' : 'train: ' + e.message, e.status !== 409);
    }
  });

  // ---------- training ----------

  async function refreshRuns() {
    let page;
    try {
      page = await getJson(API + '/model/runs?page=0&size=50');
    } catch (e) {
      note('training-note', 'runs: ' + e.message, true);
      return;
    }
    const runs = page.runs || [];
    $('runs-total').textContent = fmtInt(page.totalElements);
    const current = runs.find((r) => r.status === 'running' || r.status === 'queued');
    const wasActive = runActive;
    runActive = !!current;
    $('run-current').hidden = !current;
    if (current) {
      const p = current.progress || {};
      const share = p.iterations ? p.iteration / p.iterations : 0;
      $('run-bar').style.width = (share * 100).toFixed(1) + '%';
      const last = (current.losses || []).slice(-1)[0];
      $('run-text').textContent = 'run ' + current.runId + ' ' + current.status + (current.phase ? ', ' + current.phase : '')
        + ', iteration ' + (p.iteration || 0) + ' of ' + (p.iterations || '?')
        + (last ? ', loss ' + fmt(last.loss, 4) : '')
        + (current.timings && current.timings.startedAt ? ', running for ' + ago(current.timings.startedAt) : '');
    }
    if (wasActive && !runActive) {
      refreshModel();
      const last = runs[0];
      if (last && /^run \d+ queued$/.test($('train-note').textContent)) {
        note('train-note', 'run ' + last.runId + ' ' + last.status, last.status === 'failed');
      }
    }

    const body = $('runs').querySelector('tbody');
    body.replaceChildren();
    runs.slice(0, 10).forEach((r) => {
      const t = r.timings || {};
      const c = r.counts || {};
      const mt = r.metrics || {};
      const error = el('span', { title: r.error || '' }, r.error ? r.error.slice(0, 80) : '');
      const tr = row([r.runId, el('span', { class: 'badge ' + r.status }, r.status), r.trigger, shortTime(t.startedAt),
        duration(t.totalMs), fmtInt(c.ratings), fmt(mt.heldOutRmse, 4), fmt(mt['ndcg@10'], 4),
        r.modelVersion == null ? '–' : r.modelVersion, error]);
      tr.lastChild.className = 'error';
      body.appendChild(tr);
    });
    if (!runs.length) {
      body.appendChild(row(['no runs yet', '', '', '', '', '', '', '', '', '']));
    }
    drawLosses(runs);
    drawHeldOut(runs);
    note('training-note', '');
  }

  /** Loss per iteration of the last runs, the fit and refit phases of one model end to end. */
  function drawLosses(runs) {
    [['rating', 'chart-loss-rating', 'training RMSE'], ['ranking', 'chart-loss-ranking', 'loss']].forEach(([model, id, axis]) => {
      const withLosses = runs.filter((r) => (r.losses || []).some((l) => l.phase.startsWith(model))).slice(0, RUN_PLOTS).reverse();
      const series = withLosses.map((r) => r.losses.filter((l) => l.phase.startsWith(model)).map((l) => l.loss));
      const length = series.reduce((n, s) => Math.max(n, s.length), 0);
      const xs = Array.from({ length }, (_, i) => i + 1);
      const data = [xs].concat(series.map((s) => xs.map((_, i) => (i < s.length ? s[i] : null))));
      draw(id, {
        scales: { x: { time: false, range: (u, min, max) => padded(min, max) } },
        axes: [{ label: 'iteration (fit, then refit on all ratings)' }, { label: axis, size: 60 }],
        series: [{ label: 'iteration' }].concat(withLosses.map((r, k) => ({
          label: 'run ' + r.runId, stroke: COLORS[k % COLORS.length], width: 2, spanGaps: false
        })))
      }, data, 'no run has reported a loss yet');
    });
  }

  /** Held-out metrics of each finished run against the time it finished: RMSE on the left, NDCG@10 on the right. */
  function drawHeldOut(runs) {
    const measured = runs.filter((r) => r.timings && r.timings.finishedAt && r.metrics && Object.keys(r.metrics).length)
      .slice().reverse();
    const xs = measured.map((r) => Date.parse(r.timings.finishedAt) / 1000);
    const pick = (k) => measured.map((r) => (r.metrics[k] == null ? null : r.metrics[k]));
    draw('chart-heldout', {
      scales: { ndcg: { range: (u, min, max) => [0, Math.max(0.05, max * 1.1)] } },
      axes: [{}, { label: 'RMSE', size: 60 }, { side: 1, scale: 'ndcg', label: 'NDCG@10', grid: { show: false }, size: 60 }],
      series: [{ label: 'finished' },
        { label: 'held-out RMSE', stroke: COLORS[0], width: 2, points: { show: true, size: 6 } },
        { label: 'RMSE of biases only', stroke: COLORS[0], dash: [5, 5], points: { show: true, size: 4 } },
        { label: 'NDCG@10', scale: 'ndcg', stroke: COLORS[1], width: 2, points: { show: true, size: 6 } },
        { label: 'NDCG@10 of popularity', scale: 'ndcg', stroke: COLORS[1], dash: [5, 5], points: { show: true, size: 4 } }]
    }, [xs, pick('heldOutRmse'), pick('baselineRmse'), pick('ndcg@10'), pick('popularityNdcg@10')], 'no measured run yet',
    xs.length ? widen(xs[0], xs[xs.length - 1], 3600) : null);
  }

  // ---------- live serving ----------

  /** Sums of the Prometheus samples named name whose labels pass keep, grouped by group(labels). */
  function samples(text, name, keep, group) {
    const out = new Map();
    const prefix = name + '{';
    text.split('\n').forEach((line) => {
      if (!line.startsWith(prefix)) return;
      const close = line.lastIndexOf('}');
      const labelsText = line.slice(prefix.length, close);
      const value = parseFloat(line.slice(close + 1));
      const tags = {};
      labelsText.replace(/(\w+)="((?:[^"\\]|\\.)*)"/g, (_, k, v) => { tags[k] = v; return ''; });
      if (!keep(tags) || !isFinite(value)) return;
      const key = group(tags);
      out.set(key, (out.get(key) || 0) + value);
    });
    return out;
  }

  /** The q-quantile (0..1) of a histogram given as cumulative counts by upper bound, linear within a bucket. */
  function quantile(q, buckets) {
    const bounds = Array.from(buckets.keys()).sort((a, b) => a - b);
    const total = bounds.length ? buckets.get(bounds[bounds.length - 1]) : 0;
    if (!total) return null;
    const rank = q * total;
    let lower = 0;
    let below = 0;
    for (const upper of bounds) {
      const count = buckets.get(upper);
      if (count >= rank) {
        if (!isFinite(upper)) return lower; // past the last finite bucket: its bound is all we know
        return lower + (upper - lower) * (count === below ? 1 : (rank - below) / (count - below));
      }
      lower = upper;
      below = count;
    }
    return lower;
  }

  /** Per-bucket differences of two cumulative histograms (the requests between two scrapes). */
  function delta(now, before) {
    const out = new Map();
    now.forEach((v, k) => out.set(k, Math.max(0, v - ((before && before.get(k)) || 0))));
    return out;
  }

  async function refreshServing() {
    let text;
    try {
      const response = await call('/actuator/prometheus', { headers: { Accept: 'text/plain' } });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      text = await response.text();
    } catch (e) {
      note('serving-note', 'metrics: ' + e.message, true);
      return;
    }
    const all = () => true;
    const byRoute = (t) => t.endpoint + ' · ' + t.strategy;
    const counts = samples(text, 'latent_serving_requests_seconds_count', all, byRoute);
    const sums = samples(text, 'latent_serving_requests_seconds_sum', all, byRoute);
    const maxes = samples(text, 'latent_serving_requests_seconds_max', all, byRoute);
    const buckets = samples(text, 'latent_serving_requests_seconds_bucket', all,
      (t) => (t.le === '+Inf' ? Infinity : parseFloat(t.le)));
    $('serving-source').textContent = '(latent_serving_requests by endpoint and strategy, every 5 s)';
    const now = Date.now() / 1000;
    const total = (m) => Array.from(m.values()).reduce((a, b) => a + b, 0);
    const sample = { t: now, count: total(counts), sum: total(sums), counts, sums, buckets };
    const prev = live.previous;
    const body = $('endpoints').querySelector('tbody');
    body.replaceChildren();
    Array.from(counts.keys()).sort().forEach((k) => {
      const dc = prev && prev.counts.has(k) ? counts.get(k) - prev.counts.get(k) : null;
      const ds = prev && prev.sums.has(k) ? sums.get(k) - prev.sums.get(k) : null;
      body.appendChild(row([k, fmtInt(counts.get(k)), dc == null ? '–' : fmt(dc / (now - prev.t), 1),
        dc ? fmt(ds / dc * 1000, 2) : fmt(sums.get(k) / counts.get(k) * 1000, 2), fmt((maxes.get(k) || 0) * 1000, 1)]));
    });
    if (!counts.size) {
      body.appendChild(row(['no serving request yet', '', '', '', '']));
    }
    if (prev) {
      const dt = now - prev.t;
      const dc = Math.max(0, sample.count - prev.count);
      const recent = delta(buckets, prev.buckets);
      const p99 = dc > 0 ? quantile(0.99, recent) : null;
      live.t.push(now);
      live.rps.push(dt > 0 ? dc / dt : 0);
      live.mean.push(dc > 0 ? (sample.sum - prev.sum) / dc * 1000 : null);
      live.max.push(p99 == null ? null : p99 * 1000);
      if (live.t.length > LIVE_SAMPLES) {
        ['t', 'rps', 'mean', 'max'].forEach((k) => live[k].shift());
      }
    }
    live.previous = sample;
    draw('chart-rps', {
      scales: { y: { range: (u, min, max) => [0, Math.max(1, max * 1.2)] } },
      axes: [{}, { label: 'requests/s', size: 60 }],
      series: [{ label: 'time' }, { label: 'requests/s', stroke: COLORS[0], fill: COLORS[0] + '33', width: 2 }]
    }, [live.t.slice(), live.rps.slice()], 'collecting (one sample every 5 s)…', liveRange());
    draw('chart-latency', {
      scales: { y: { range: (u, min, max) => [0, Math.max(1, (max || 0) * 1.2)] } },
      axes: [{}, { label: 'ms', size: 60 }],
      series: [{ label: 'time' }, { label: 'mean', stroke: COLORS[2], width: 2, spanGaps: true },
        { label: 'p99 (from the histogram buckets)', stroke: COLORS[4], dash: [4, 4], width: 2, spanGaps: true }]
    }, [live.t.slice(), live.mean.slice(), live.max.slice()], 'collecting (one sample every 5 s)…', liveRange());
    note('serving-note', '');
  }

  async function refreshHealth() {
    const badge = $('health');
    try {
      const response = await call('/actuator/health/readiness');
      const body = await response.json().catch(() => ({}));
      badge.textContent = body.status === 'UP' ? 'ready' : (body.status || 'down').toLowerCase();
      badge.className = 'badge ' + (body.status === 'UP' ? 'ok' : 'warn');
      badge.title = body.status === 'UP' ? 'serving a model' : 'not ready: no model served yet';
    } catch (e) {
      badge.textContent = 'unreachable';
      badge.className = 'badge bad';
    }
  }

  // ---------- try it ----------

  async function hasCatalogue() {
    if (catalogue === null) {
      try {
        const doc = await getJson('/v3/api-docs');
        const path = doc.paths && doc.paths['/api/v1/items/{itemId}'];
        catalogue = !!(path && path.get);
      } catch (e) {
        catalogue = false;
      }
    }
    return catalogue;
  }

  /** The item's title label from the catalogue when it has one, else null (the id is shown). */
  async function label(itemId) {
    if (labels.has(itemId)) return labels.get(itemId);
    let title = null;
    if (await hasCatalogue()) {
      try {
        const item = await getJson(API + '/items/' + encodeURIComponent(itemId));
        const l = item && item.labels;
        title = l ? (l.title || l.name || null) : null;
      } catch (e) {
        title = null; // not in the catalogue: show the id
      }
    }
    if (labels.size >= LABEL_CACHE) labels.clear();
    labels.set(itemId, title);
    return title;
  }

  async function fillItems(listId, entries, valueText) {
    const list = $(listId);
    const titles = await Promise.all(entries.map((e) => label(e.itemId)));
    list.replaceChildren();
    entries.forEach((e, k) => {
      const li = el('li', { 'data-item': e.itemId, title: 'click: similar items' });
      li.appendChild(el('span', { class: 'title' }, titles[k] || e.itemId));
      if (titles[k]) li.appendChild(el('span', { class: 'id' }, e.itemId));
      li.appendChild(el('span', { class: 'value' }, valueText(e)));
      list.appendChild(li);
    });
  }

  function rememberUser(userId) {
    let recent = [];
    try { recent = JSON.parse(sessionStorage.getItem(RECENT_USERS) || '[]'); } catch (e) { recent = []; }
    recent = [userId].concat(recent.filter((u) => u !== userId)).slice(0, 10);
    sessionStorage.setItem(RECENT_USERS, JSON.stringify(recent));
    const dl = $('try-recent');
    dl.replaceChildren(...recent.map((u) => el('option', { value: u })));
  }

  async function tryUser(userId) {
    const status = $('try-status');
    status.classList.remove('error');
    status.textContent = 'loading…';
    $('try-strategy').textContent = '';
    const user = encodeURIComponent(userId);
    // rating histories always need the key when one is set; recommendations only without public-recommendations
    const [rated, recs] = await Promise.allSettled([
      locked() ? Promise.reject(keyNeeded()) : getJson(API + '/users/' + user + '/ratings?page=0&size=10&sort=rating'),
      locked() && !settings.publicRecommendations ? Promise.reject(keyNeeded())
        : getJson(API + '/users/' + user + '/recommendations?limit=10')
    ]);
    const messages = [];
    if (rated.status === 'fulfilled') {
      await fillItems('try-rated', rated.value.ratings, (r) => '★ ' + fmt(r.rating, 1));
      messages.push(fmtInt(rated.value.totalElements) + ' ratings');
    } else {
      $('try-rated').replaceChildren();
      messages.push(rated.reason.status === 404 ? 'no ratings stored for ' + userId : 'ratings: ' + rated.reason.message);
      if (rated.reason.locked) messages[messages.length - 1] = 'their ratings need the API key';
    }
    if (recs.status === 'fulfilled') {
      const r = recs.value;
      await fillItems('try-recs', r.items, (i) => fmt(i.score, 3));
      $('try-strategy').textContent = '(' + r.strategy + (r.modelVersion != null ? ', model ' + r.modelVersion : '') + ')';
    } else {
      $('try-recs').replaceChildren();
      messages.push('recommendations: ' + recs.reason.message);
      if (!recs.reason.locked) status.classList.add('error');
    }
    status.textContent = messages.join('; ');
    rememberUser(userId);
  }

  async function trySimilar(itemId) {
    $('try-similar-of').textContent = labels.get(itemId) || itemId;
    try {
      const s = await getJson(API + '/items/' + encodeURIComponent(itemId) + '/similar?limit=10');
      await fillItems('try-similar', s.items, (i) => fmt(i.similarity, 3));
    } catch (e) {
      $('try-similar').replaceChildren(el('li', {}, e.status === 404 ? 'not in the served model yet' : e.message));
    }
  }

  $('try-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const userId = $('try-user').value.trim();
    if (userId) tryUser(userId).catch((e) => { $('try-status').textContent = e.message; });
  });
  ['try-rated', 'try-recs', 'try-similar'].forEach((id) => $(id).addEventListener('click', (event) => {
    const li = event.target.closest('li[data-item]');
    if (li) trySimilar(li.dataset.item).catch(() => {});
  }));

  // ---------- API key ----------

  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('api-key').value.trim();
    if (value) {
      sessionStorage.setItem(KEY_STORAGE, value);
      keyRefused = false;
    }
    showKeyState();
    refreshAll();
  });
  $('key-forget').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORAGE);
    keyRefused = false;
    showKeyState();
  });

  // ---------- polling ----------

  const timers = new Map();

  function schedule(task, delay) {
    clearTimeout(timers.get(task));
    timers.set(task, setTimeout(() => run(task), delay));
  }

  const PERIODS = new Map([
    [refreshStore, () => 15000],
    [refreshModel, () => 10000],
    [refreshRuns, () => (runActive ? 2000 : 10000)],
    [refreshServing, () => 5000],
    [refreshHealth, () => 10000]
  ]);

  /** The panel note each keyed task writes to; all but the health badge need the key when one is set. */
  const KEYED = new Map([
    [refreshStore, 'store-note'],
    [refreshModel, 'model-note'],
    [refreshRuns, 'training-note'],
    [refreshServing, 'serving-note']
  ]);

  async function run(task) {
    if (!document.hidden) {
      if (KEYED.has(task) && locked()) {
        note(KEYED.get(task), keyNeeded().message);
      } else {
        try {
          await task();
        } catch (e) {
          // each task reports its own failures in its panel; this only keeps the loop alive
        }
      }
    }
    schedule(task, PERIODS.get(task)());
  }

  function refreshAll() {
    PERIODS.forEach((_, task) => schedule(task, 0));
  }

  setInterval(() => {
    if (modelTrainedAt) $('model-age').textContent = ago(modelTrainedAt);
  }, 1000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refreshAll(); });

  try {
    const recent = JSON.parse(sessionStorage.getItem(RECENT_USERS) || '[]');
    $('try-recent').replaceChildren(...recent.map((u) => el('option', { value: u })));
  } catch (e) { /* nothing remembered */ }
  // Learn whether this server asks for a key before the first keyed read, then start polling.
  fetch('/dashboard/settings', { headers: { Accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null)
    .then((s) => {
      if (s) settings = Object.assign(settings, s);
      showKeyState();
      refreshAll();
    });

  // for the browser test and the curious: the charts by element id
  window.latentDashboard = { charts };
}());
