import { ChartMonth, consumptionChart } from './consumption-chart';

const months = (values: Array<string | null>): ChartMonth[] =>
  values.map((consumption, i) => ({ label: `M${i}`, short: `m${i}`, year: i === 0 ? '2026' : null, fullYear: '2026', consumption, tooltip: `M${i}: ${consumption ?? 'нет данных'}` }));

describe('the consumption chart', () => {
  it('draws a bar per month with a consumption and a mark for each month without, in the plot', () => {
    const chart = consumptionChart(months(['10.500', null, '12.345', '0.000']), { value: '7.615', label: 'в среднем 7.615' });
    expect(chart.bars.map((bar) => bar.tooltip)).toEqual(['M0: 10.500', 'M2: 12.345', 'M3: 0.000']);
    expect(chart.gaps.map((gap) => gap.tooltip)).toEqual(['M1: нет данных']);
    for (const bar of chart.bars) {
      expect(bar.x).toBeGreaterThanOrEqual(chart.plot.left);
      expect(bar.x + bar.width).toBeLessThanOrEqual(chart.plot.right);
      expect(bar.y + bar.height).toBeCloseTo(chart.plot.bottom, 0);
    }
    // The tallest bar is 12.345 of a 15 m³ axis; a month of nothing still shows a sliver.
    expect(chart.bars[1].height).toBeCloseTo(((chart.plot.bottom - chart.plot.top) * 12.345) / 15, 0);
    expect(chart.bars[2].height).toBe(1.5);
    expect(chart.average?.y).toBeCloseTo(chart.plot.bottom - ((chart.plot.bottom - chart.plot.top) * 7.615) / 15, 0);
  });

  it('has round ticks from zero that cover the largest month', () => {
    expect(consumptionChart(months(['12.345']), null).ticks.map((tick) => tick.label)).toEqual(['0', '5', '10', '15']);
    expect(consumptionChart(months(['0.004']), null).ticks.map((tick) => tick.label)).toEqual(['0', '0.001', '0.002', '0.003', '0.004']);
    expect(consumptionChart(months(['240']), null).ticks.map((tick) => tick.label)).toEqual(['0', '100', '200', '300']);
    expect(consumptionChart(months([null, '0.000']), null).ticks.map((tick) => tick.label)).toEqual(['0', '0.5', '1']);
  });

  it('names one month in three on a narrow screen, always the last, with the year under the first one kept', () => {
    const chart = consumptionChart(months(Array(8).fill('1')), null);
    expect(chart.labels.map((label) => label.sparse)).toEqual([true, false, true, true, false, true, true, false]);
    expect(chart.labels.map((label) => [label.year, label.yearNarrowOnly])).toEqual([['2026', false], ['2026', true], ...Array(6).fill([null, false])]);
  });
});
