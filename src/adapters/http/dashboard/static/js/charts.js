/* global document, getComputedStyle, ResizeObserver, requestAnimationFrame */
import { count, shortTime } from './format.js';

const QUARTER_MS = 15 * 60_000;
const MINUTE_MS = 60_000;
const QUARTERS_SHOWN = { min: 8, max: 32 };
const MINUTES_SHOWN = { min: 15, max: 60 };
const HEIGHT = 190;

/** Calls come whole: the y axis steps by whole numbers. */
const WHOLE_STEPS = [
  1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000,
];

const clamp = (value, { min, max }) => Math.min(max, Math.max(min, value));

/** Bars of dialed calls with the connected ones inside them, per interval, drawn with uPlot. */
class BarChart {
  constructor(element, intervalMs) {
    this.element = element;
    this.intervalMs = intervalMs;
    this.plot = undefined;
    this.data = [[], [], []];
    this.range = [0, 1];
  }

  /** @param {Map<number, {dialed: number, connected: number}>} buckets keyed by interval start (ms) */
  show(buckets, count) {
    const latest = Math.floor(Date.now() / this.intervalMs) * this.intervalMs;
    const starts = Array.from({ length: count }, (_, i) => latest - (count - 1 - i) * this.intervalMs);
    // x at the middle of the interval, in seconds (uPlot's time scale); the axis spans whole intervals
    this.range = [starts[0] / 1000, (latest + this.intervalMs) / 1000];
    this.data = [
      starts.map((start) => (start + this.intervalMs / 2) / 1000),
      starts.map((start) => buckets.get(start)?.dialed ?? 0),
      starts.map((start) => buckets.get(start)?.connected ?? 0),
    ];
    this.describe(starts, buckets);
    if (globalThis.uPlot === undefined) {
      this.element.textContent = 'The chart library did not load.';
      return;
    }
    if (this.plot === undefined) this.create();
    else this.plot.setData(this.data);
  }

  describe(starts, buckets) {
    const last = buckets.get(starts.at(-1));
    const total = starts.reduce((sum, start) => sum + (buckets.get(start)?.dialed ?? 0), 0);
    const connected = starts.reduce((sum, start) => sum + (buckets.get(start)?.connected ?? 0), 0);
    this.element.setAttribute(
      'aria-label',
      `${count(total)} calls dialed and ${count(connected)} connected in the intervals shown; ` +
        `current interval: ${count(last?.dialed ?? 0)} dialed, ${count(last?.connected ?? 0)} connected`,
    );
  }

  create() {
    const uPlot = globalThis.uPlot;
    const css = getComputedStyle(document.documentElement);
    const color = (name) => css.getPropertyValue(name).trim();
    const axis = {
      stroke: color('--muted'),
      grid: { stroke: color('--border'), width: 1 },
      ticks: { stroke: color('--border'), width: 1 },
      font: '12px system-ui, sans-serif',
    };
    const options = {
      width: Math.max(200, this.element.clientWidth),
      height: HEIGHT,
      padding: [8, 28, 0, 0],
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: {
        x: { time: true, range: () => this.range },
        y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] },
      },
      axes: [
        { ...axis, values: (_u, ticks) => ticks.map((t) => shortTime(t * 1000)) },
        { ...axis, size: 40, incrs: WHOLE_STEPS, values: (_u, ticks) => ticks.map((t) => count(t)) },
      ],
      series: [
        {},
        {
          label: 'Dialed',
          fill: color('--dialed'),
          width: 0,
          paths: uPlot.paths.bars({ size: [0.8, 48], gap: 1 }),
          points: { show: false },
        },
        {
          label: 'Connected',
          fill: color('--connected'),
          width: 0,
          paths: uPlot.paths.bars({ size: [0.45, 26] }),
          points: { show: false },
        },
      ],
    };
    this.element.textContent = '';
    this.plot = new uPlot(options, this.data, this.element);
    new ResizeObserver(() => {
      const width = Math.max(200, this.element.clientWidth);
      if (width !== this.plot.width) this.plot.setSize({ width, height: HEIGHT });
    }).observe(this.element);
  }
}

/** Per 15 minutes from the stats' series; per minute over the last hour from the calls the feed brought. */
export class CallCharts {
  constructor() {
    this.quarters = new BarChart(document.getElementById('chart-intervals'), QUARTER_MS);
    this.minutes = new BarChart(document.getElementById('chart-minutes'), MINUTE_MS);
    this.series = new Map();
    this.perMinute = new Map();
    this.pending = false;
    this.openedAt = Date.now();
  }

  clear() {
    this.openedAt = Date.now();
    this.series = new Map();
    this.perMinute = new Map();
    this.draw();
  }

  /** `stats.series`: `[{ start, dialed, connected }]` per 15 minutes. */
  setSeries(series) {
    this.series = new Map(series.map((row) => [Date.parse(row.start), row]));
    this.drawSoon();
  }

  callEnded(atIso, connected) {
    const at = Date.parse(atIso);
    const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    const bucket = this.perMinute.get(minute) ?? { dialed: 0, connected: 0 };
    this.perMinute.set(minute, {
      dialed: bucket.dialed + 1,
      connected: bucket.connected + (connected ? 1 : 0),
    });
    for (const start of this.perMinute.keys()) {
      if (start < Date.now() - 2 * MINUTES_SHOWN * MINUTE_MS) this.perMinute.delete(start);
    }
    this.drawSoon();
  }

  drawSoon() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  /** From the first interval with calls (at least a few, at most a working day); per minute since the page opened. */
  draw() {
    const firstQuarter = Math.min(...this.series.keys());
    const quarters = Number.isFinite(firstQuarter) ? (Date.now() - firstQuarter) / QUARTER_MS + 1 : 0;
    this.quarters.show(this.series, clamp(Math.floor(quarters), QUARTERS_SHOWN));
    this.minutes.show(
      this.perMinute,
      clamp(Math.floor((Date.now() - this.openedAt) / MINUTE_MS) + 1, MINUTES_SHOWN),
    );
  }
}
