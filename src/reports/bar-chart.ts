/**
 * A grouped bar chart of rates (0 to 1) as plain geometry for an SVG template: groups along the x axis
 * (months), one bar per series in each (clinics). Drawn on the server with attributes only (no inline
 * style, no script), so it works under the pages' CSP and without JavaScript; the page puts the same
 * figures in a table beside it.
 */
export interface BarChartInput {
  groups: { key: string; label: string }[];
  series: { key: string; label: string }[];
  /** The rate of one series in one group, 0..1, or null when there is none. */
  value: (groupKey: string, seriesKey: string) => number | null;
  /** "83%": the text of a value, for the bars' titles and the axis. */
  format: (value: number) => string;
}

export interface BarChart {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  grid: { y: number; label: string }[];
  groups: { x: number; label: string }[];
  bars: { x: number; y: number; width: number; height: number; fill: string; title: string }[];
  legend: { x: number; y: number; fill: string; label: string }[];
}

/** Distinguishable on light and dark backgrounds (each at least 3:1 against white; the table carries the exact figures). */
export const PALETTE = ['#1f6fb2', '#c45a00', '#2e8540', '#8a4fbf', '#b8336a', '#5c6b7a', '#007c89', '#8b6d00'];

const WIDTH = 720;
const PLOT = { left: 48, top: 12, right: WIDTH - 8, bottom: 232 };
const LEGEND_ROW = 22;
const LEGEND_COLUMNS = 3;

export function barChart({ groups, series, value, format }: BarChartInput): BarChart {
  const plotWidth = PLOT.right - PLOT.left;
  const plotHeight = PLOT.bottom - PLOT.top;
  const groupWidth = groups.length > 0 ? plotWidth / groups.length : plotWidth;
  // Bars at most 40 units wide, each group's bars centred under its label.
  const barWidth = series.length > 0 ? Math.min(40, Math.max(2, (groupWidth * 0.8) / series.length)) : 0;
  const bars: BarChart['bars'] = [];
  groups.forEach((group, g) => {
    const start = PLOT.left + (g + 0.5) * groupWidth - (series.length * barWidth) / 2;
    series.forEach((one, s) => {
      const rate = value(group.key, one.key);
      if (rate === null) return;
      const height = Math.min(1, Math.max(0, rate)) * plotHeight;
      bars.push({
        x: round(start + s * barWidth),
        y: round(PLOT.bottom - height),
        width: round(Math.max(1, barWidth - 1)),
        height: round(height),
        fill: PALETTE[s % PALETTE.length],
        title: `${one.label}, ${group.label}: ${format(rate)}`,
      });
    });
  });
  const legendRows = Math.ceil(series.length / LEGEND_COLUMNS);
  return {
    width: WIDTH,
    height: PLOT.bottom + 28 + legendRows * LEGEND_ROW,
    plot: PLOT,
    grid: [0, 0.25, 0.5, 0.75, 1].map((rate) => ({ y: round(PLOT.bottom - rate * plotHeight), label: format(rate) })),
    groups: groups.map((group, g) => ({ x: round(PLOT.left + (g + 0.5) * groupWidth), label: group.label })),
    bars,
    legend: series.map((one, s) => ({
      x: PLOT.left + (s % LEGEND_COLUMNS) * (plotWidth / LEGEND_COLUMNS),
      y: PLOT.bottom + 28 + Math.floor(s / LEGEND_COLUMNS) * LEGEND_ROW,
      fill: PALETTE[s % PALETTE.length],
      label: one.label,
    })),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
