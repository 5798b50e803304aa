import { DateTime } from 'luxon';
import type { IntervalRecord } from '../../application/simulation/agent-time.js';
import type { SimulationResult } from '../../application/simulation/simulation-result.js';

const WIDTH = 960;
const HEIGHT = 440;
const MARGIN = { top: 56, right: 64, bottom: 72, left: 64 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
const COLOURS = { busy: '#2f7d4f', idle: '#e3b448', dials: '#2456a6', grid: '#d9d9d9', text: '#333333' };
const HOUR_MS = 3_600_000;

export interface ChartTitle {
  readonly timeZone: string;
  readonly subtitle: string;
}

/**
 * The day as a hand-written SVG: per interval, agents at work and idle (stacked bars, agents on the left axis)
 * and dials (a line, right axis); hours on the x axis in the campaign's time zone.
 */
export function simulationChartSvg(result: SimulationResult, title: ChartTitle): string {
  const intervals = result.intervals;
  const slotMs = intervals.length > 1 ? intervals[1]!.startMs - intervals[0]!.startMs : result.endMs - result.startMs;
  const slotWidth = PLOT_WIDTH / Math.max(1, intervals.length);
  const agentsMax = Math.max(1, result.agents);
  const dialsMax = niceCeiling(Math.max(1, ...intervals.map((interval) => interval.dials)));
  const yAgents = (agents: number) => MARGIN.top + PLOT_HEIGHT * (1 - agents / agentsMax);
  const yDials = (dials: number) => MARGIN.top + PLOT_HEIGHT * (1 - dials / dialsMax);
  const xAt = (ms: number) => MARGIN.left + (PLOT_WIDTH * (ms - result.startMs)) / (result.endMs - result.startMs);
  const minutes = Math.round(slotMs / 60_000);

  const bars = intervals.map((interval, i) => bar(interval, i * slotWidth + MARGIN.left, slotWidth, agentsOver(interval, slotMs, result.endMs), yAgents));
  const dialPoints = intervals.map((interval, i) => `${(MARGIN.left + (i + 0.5) * slotWidth).toFixed(1)},${yDials(interval.dials).toFixed(1)}`);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12" fill="${COLOURS.text}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    text(WIDTH / 2, 22, `Agents at work and idle, and dials per ${minutes} minutes`, 'middle', 'font-size="16" font-weight="bold"'),
    text(WIDTH / 2, 40, title.subtitle, 'middle'),
    ...gridAndLeftAxis(agentsMax, yAgents),
    ...rightAxis(dialsMax, yDials),
    ...bars,
    `<polyline points="${dialPoints.join(' ')}" fill="none" stroke="${COLOURS.dials}" stroke-width="2"/>`,
    ...hourTicks(result.startMs, result.endMs, title.timeZone, xAt),
    `<line x1="${MARGIN.left}" y1="${MARGIN.top + PLOT_HEIGHT}" x2="${MARGIN.left + PLOT_WIDTH}" y2="${MARGIN.top + PLOT_HEIGHT}" stroke="${COLOURS.text}"/>`,
    ...legend(),
    '</svg>',
  ];
  return `${parts.join('\n')}\n`;
}

/** Average agents at work and idle over the interval (the last one may be cut short by the end of the day). */
function agentsOver(interval: IntervalRecord, slotMs: number, endMs: number): { busy: number; idle: number } {
  const lengthMs = Math.max(1, Math.min(slotMs, endMs - interval.startMs));
  return { busy: interval.busyMs / lengthMs, idle: interval.idleMs / lengthMs };
}

function bar(interval: IntervalRecord, x: number, width: number, agents: { busy: number; idle: number }, y: (agents: number) => number): string {
  const gap = Math.min(2, width / 5);
  const busyTop = y(agents.busy);
  const idleTop = y(agents.busy + agents.idle);
  const bottom = y(0);
  const label = `${agents.busy.toFixed(1)} at work, ${agents.idle.toFixed(1)} idle, ${interval.dials} dials`;
  return [
    `<g><title>${escapeXml(label)}</title>`,
    `<rect x="${(x + gap / 2).toFixed(1)}" y="${busyTop.toFixed(1)}" width="${(width - gap).toFixed(1)}" height="${(bottom - busyTop).toFixed(1)}" fill="${COLOURS.busy}"/>`,
    `<rect x="${(x + gap / 2).toFixed(1)}" y="${idleTop.toFixed(1)}" width="${(width - gap).toFixed(1)}" height="${(busyTop - idleTop).toFixed(1)}" fill="${COLOURS.idle}"/>`,
    '</g>',
  ].join('');
}

function gridAndLeftAxis(agentsMax: number, y: (agents: number) => number): string[] {
  const step = niceCeiling(agentsMax / 5);
  const lines: string[] = [text(18, MARGIN.top + PLOT_HEIGHT / 2, 'agents', 'middle', `transform="rotate(-90 18 ${MARGIN.top + PLOT_HEIGHT / 2})"`)];
  for (let agents = 0; agents <= agentsMax; agents += step) {
    const at = y(agents).toFixed(1);
    lines.push(`<line x1="${MARGIN.left}" y1="${at}" x2="${MARGIN.left + PLOT_WIDTH}" y2="${at}" stroke="${COLOURS.grid}"/>`);
    lines.push(text(MARGIN.left - 8, Number(at) + 4, String(agents), 'end'));
  }
  return lines;
}

function rightAxis(dialsMax: number, y: (dials: number) => number): string[] {
  const x = MARGIN.left + PLOT_WIDTH;
  const middle = MARGIN.top + PLOT_HEIGHT / 2;
  const lines = [text(WIDTH - 14, middle, 'dials', 'middle', `transform="rotate(90 ${WIDTH - 14} ${middle})" fill="${COLOURS.dials}"`)];
  const step = niceCeiling(dialsMax / 5);
  for (let dials = 0; dials <= dialsMax; dials += step) lines.push(text(x + 8, y(dials) + 4, String(dials), 'start', `fill="${COLOURS.dials}"`));
  return lines;
}

function hourTicks(startMs: number, endMs: number, timeZone: string, x: (ms: number) => number): string[] {
  const spanHours = (endMs - startMs) / HOUR_MS;
  const everyHours = spanHours <= 12 ? 1 : spanHours <= 48 ? 3 : 24;
  const ticks: string[] = [];
  let tick = DateTime.fromMillis(startMs, { zone: timeZone }).startOf('hour');
  if (tick.toMillis() < startMs) tick = tick.plus({ hours: 1 });
  for (; tick.toMillis() <= endMs; tick = tick.plus({ hours: everyHours })) {
    const at = x(tick.toMillis()).toFixed(1);
    const bottom = MARGIN.top + PLOT_HEIGHT;
    ticks.push(`<line x1="${at}" y1="${bottom}" x2="${at}" y2="${bottom + 5}" stroke="${COLOURS.text}"/>`);
    ticks.push(text(Number(at), bottom + 18, tick.toFormat(everyHours >= 24 ? 'LLL d' : 'HH:mm'), 'middle'));
  }
  return ticks;
}

function legend(): string[] {
  const y = HEIGHT - 22;
  const item = (x: number, colour: string, label: string, line = false) => [
    line
      ? `<line x1="${x}" y1="${y - 4}" x2="${x + 18}" y2="${y - 4}" stroke="${colour}" stroke-width="2"/>`
      : `<rect x="${x}" y="${y - 10}" width="18" height="12" fill="${colour}"/>`,
    text(x + 24, y, label, 'start'),
  ];
  return [
    ...item(MARGIN.left, COLOURS.busy, 'agents at work (customer ringing, talking, wrap-up)'),
    ...item(MARGIN.left + 360, COLOURS.idle, 'agents idle (any cause)'),
    ...item(MARGIN.left + 560, COLOURS.dials, 'dials per interval', true),
  ];
}

function text(x: number, y: number, content: string, anchor: 'start' | 'middle' | 'end', attributes = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}" ${attributes}>${escapeXml(content)}</text>`;
}

/** 1, 2 or 5 times a power of ten, at or above `value`. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(value, 1)));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= value) ?? 10;
  return step * power;
}

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
