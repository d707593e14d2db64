import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { TIME_ZONE } from '../format.ts';

/**
 * A small uPlot chart. Charts are pictures to the accessibility tree, so each carries a label; every
 * chart in the console sits beside a table or totals with the same numbers.
 */
export function Chart(props: {
  label: string;
  kind: 'bars' | 'steps';
  /** x: category indices (bars) or Unix seconds (steps); y: the values. */
  x: number[];
  y: number[];
  /** How an x value is written on its axis. */
  xLabel?: (value: number) => string;
  yLabel: (value: number) => string;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { label, kind, x, y, xLabel, yLabel, height = 240 } = props;
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const bars = kind === 'bars';
    const options: uPlot.Options = {
      width: Math.max(280, element.clientWidth),
      height,
      legend: { show: false },
      cursor: { show: true, drag: { x: false, y: false } },
      scales: { x: { time: !bars, ...(bars ? { range: [-0.5, x.length - 0.5] as [number, number] } : {}) } },
      ...(bars ? {} : { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), TIME_ZONE) }),
      axes: [
        {
          stroke: '#3d4451',
          ...(xLabel ? { values: (_u: uPlot, splits: number[]) => splits.map((v) => xLabel(v)) } : {}),
          // At most about eight labelled days, however many bars there are.
          ...(bars ? { splits: () => x.filter((_, i) => i % Math.ceil(x.length / 8) === 0) } : {}),
        },
        {
          stroke: '#3d4451',
          size: 80,
          values: (_u: uPlot, splits: number[]) => splits.map((v) => yLabel(v)),
        },
      ],
      series: [
        {},
        bars
          ? {
              label,
              fill: '#2563eb',
              stroke: '#1d4ed8',
              paths: uPlot.paths.bars!({ size: [0.7, 40] }),
              points: { show: false },
            }
          : {
              label,
              stroke: '#1d4ed8',
              width: 2,
              paths: uPlot.paths.stepped!({ align: 1 }),
              points: { show: true, size: 6 },
            },
      ],
    };
    const plot = new uPlot(options, [x, y], element);
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(280, element.clientWidth), height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [label, kind, x, y, xLabel, yLabel, height]);
  return <div class="chart" ref={box} role="img" aria-label={label} />;
}
