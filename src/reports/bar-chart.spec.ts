import { describe, expect, it } from '@jest/globals';
import { barChart, PALETTE } from './bar-chart.js';

const RATES = { '2026-01:a': 1, '2026-01:b': 0.5, '2026-02:a': null, '2026-02:b': 0 };

describe('bar chart geometry', () => {
  const chart = barChart({
    groups: [
      { key: '2026-01', label: 'Jan' },
      { key: '2026-02', label: 'Feb' },
    ],
    series: [
      { key: 'a', label: 'Clinic A' },
      { key: 'b', label: 'Clinic B' },
    ],
    value: (month, clinic) => (RATES as Record<string, number | null>)[`${month}:${clinic}`] ?? null,
    format: (value) => `${Math.round(value * 100)}%`,
  });

  it('draws one bar per known value, as tall as its rate, from the axis up', () => {
    expect(chart.bars.map((bar) => bar.title)).toEqual([
      'Clinic A, Jan: 100%',
      'Clinic B, Jan: 50%',
      'Clinic B, Feb: 0%',
    ]);
    const plotHeight = chart.plot.bottom - chart.plot.top;
    expect(chart.bars[0]).toMatchObject({ y: chart.plot.top, height: plotHeight, fill: PALETTE[0] });
    expect(chart.bars[1]).toMatchObject({ height: plotHeight / 2, fill: PALETTE[1] });
    for (const bar of chart.bars) expect(bar.y + bar.height).toBeCloseTo(chart.plot.bottom, 5);
  });

  it('keeps every bar inside the plot and each group under its label', () => {
    for (const bar of chart.bars) {
      expect(bar.x).toBeGreaterThanOrEqual(chart.plot.left);
      expect(bar.x + bar.width).toBeLessThanOrEqual(chart.plot.right);
    }
    const [jan, feb] = chart.groups;
    expect(chart.bars[0].x).toBeLessThan(jan.x);
    expect(chart.bars[1].x + chart.bars[1].width).toBeGreaterThan(jan.x);
    expect(chart.bars[2].x).toBeGreaterThan(feb.x - 1);
  });

  it('labels the axis from 0 to 100 % and gives every series a legend key', () => {
    expect(chart.grid.map((line) => line.label)).toEqual(['0%', '25%', '50%', '75%', '100%']);
    expect(chart.legend.map((key) => [key.label, key.fill])).toEqual([
      ['Clinic A', PALETTE[0]],
      ['Clinic B', PALETTE[1]],
    ]);
  });
});
