/**
 * The geometry of the consumption chart, drawn on the server as SVG (views/partials/consumption-chart):
 * a bar per month in a fixed viewBox that the page scales to its width (width 100%), so that it fits a
 * 360 px phone as well as a 1280 px screen. Pixel positions are floats; every figure printed comes as
 * the caller's exact decimal text.
 */

export interface ChartMonth {
  /** «Октябрь 2026», for the bar's own title. */
  label: string;
  /** Short month name under the axis: «окт». */
  short: string;
  /** The year under January and under the first month. */
  year: string | null;
  /** The month's year, always ("2026"). */
  fullYear: string;
  /** m³, exact ("18.700"); null when the month has no consumption. */
  consumption: string | null;
  /** What a bar's title says: «Октябрь 2026: 18.700 м³» or «Октябрь 2026: нет данных». */
  tooltip: string;
}

export interface ChartModel {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  /** Where the texts go: the ticks' right edge, the month and year lines under the axis, the unit and the legend above the plot. */
  text: { tickX: number; monthY: number; yearY: number; unitY: number };
  bars: Array<{ x: number; y: number; width: number; height: number; tooltip: string }>;
  /** Months without a consumption: a small mark on the axis. */
  gaps: Array<{ x: number; y: number; tooltip: string }>;
  ticks: Array<{ y: number; label: string }>;
  /**
   * Month names under the axis, `sparse` for those a narrow screen leaves out (one in three is kept,
   * the last month always); the year goes under each January and the first month, and on a narrow
   * screen under the first month it keeps (`yearNarrowOnly`).
   */
  labels: Array<{ x: number; month: string; year: string | null; sparse: boolean; yearNarrowOnly: boolean }>;
  /** The average's dashed line across the plot, and its legend above the plot's right end. */
  average: { y: number; label: string; legend: { x1: number; x2: number; textX: number } } | null;
}

const WIDTH = 800;
const HEIGHT = 400;
const PLOT = { left: 72, top: 48, right: 784, bottom: 326 };
/** One label in three on a narrow screen (the others get class tick-sparse, hidden there by CSS). */
const SPARSE_EVERY = 3;

export function consumptionChart(months: ChartMonth[], average: { value: string; label: string } | null): ChartModel {
  const values = months.map((month) => (month.consumption === null ? null : Number(month.consumption)));
  const top = niceTop(Math.max(0, ...values.filter((value): value is number => value !== null)));
  const height = PLOT.bottom - PLOT.top;
  const slot = (PLOT.right - PLOT.left) / Math.max(months.length, 1);
  const barWidth = Math.min(slot * 0.66, 48);
  const y = (value: number) => round(PLOT.bottom - (value / top.max) * height);
  const bars: ChartModel['bars'] = [];
  const gaps: ChartModel['gaps'] = [];
  months.forEach((month, i) => {
    const center = PLOT.left + slot * (i + 0.5);
    const value = values[i];
    if (value === null) {
      gaps.push({ x: round(center), y: PLOT.bottom - 4, tooltip: month.tooltip });
      return;
    }
    const barTop = y(value);
    // A month that used almost nothing still shows a sliver, so it is not mistaken for a gap.
    bars.push({ x: round(center - barWidth / 2), y: Math.min(barTop, PLOT.bottom - 1.5), width: round(barWidth), height: Math.max(round(PLOT.bottom - barTop), 1.5), tooltip: month.tooltip });
  });
  const last = months.length - 1;
  const sparse = (i: number) => (last - i) % SPARSE_EVERY !== 0;
  const firstKept = months.findIndex((_, i) => !sparse(i));
  return {
    width: WIDTH,
    height: HEIGHT,
    plot: PLOT,
    text: { tickX: PLOT.left - 8, monthY: PLOT.bottom + 26, yearY: PLOT.bottom + 60, unitY: PLOT.top - 18 },
    bars,
    gaps,
    ticks: top.ticks.map((tick) => ({ y: y(tick), label: plain(tick) })),
    labels: months.map((month, i) => {
      const yearNarrowOnly = i === firstKept && i > 0 && month.year === null;
      return { x: round(PLOT.left + slot * (i + 0.5)), month: month.short, year: yearNarrowOnly ? month.fullYear : month.year, sparse: sparse(i), yearNarrowOnly };
    }),
    average: average ? { y: y(Number(average.value)), label: average.label, legend: { x1: PLOT.right - 28, x2: PLOT.right, textX: PLOT.right - 36 } } : null,
  };
}

/** The axis's top and ticks: 4 to 5 steps of 1, 2, 2.5 or 5 × 10ⁿ m³ covering `max`. */
function niceTop(max: number): { max: number; ticks: number[] } {
  if (max <= 0) return { max: 1, ticks: [0, 0.5, 1] };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough)!;
  const count = Math.ceil(max / step - 1e-9);
  return { max: step * count, ticks: Array.from({ length: count + 1 }, (_, i) => i * step) };
}

/** A tick's value as the axis prints it: "0", "2.5", "10" (at most 3 decimals, no float noise). */
function plain(value: number): string {
  return String(Number(value.toFixed(3)));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
