import "uplot/dist/uPlot.min.css";
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

export interface ChartSeries {
  readonly label: string;
  /** One value per x, in dollars (a chart is a picture; the exact cents are in the table beside it). */
  readonly values: readonly (number | null)[];
  readonly color: string;
  readonly dash?: readonly number[];
  readonly width?: number;
}

export interface ChartBand {
  /** Indices into `series` of the upper and lower edge. */
  readonly upper: number;
  readonly lower: number;
  readonly fill: string;
}

const compactUsd = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  notation: "compact",
  maximumFractionDigits: 1,
});

/**
 * A line chart (uPlot) with optional shaded bands between two series; x is a whole number (a year). The
 * chart is decorative for screen readers: every page that draws one shows the same figures in a table.
 */
export function LineChart(props: {
  readonly title: string;
  readonly xLabel: string;
  readonly x: readonly number[];
  readonly series: readonly ChartSeries[];
  readonly bands?: readonly ChartBand[];
  readonly height?: number;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = host.current;
    if (!target) return;
    const width = Math.max(320, Math.min(target.clientWidth || 760, 960));
    const plot = new uPlot(
      {
        width,
        height: props.height ?? 320,
        title: props.title,
        scales: { x: { time: false } },
        axes: [
          { label: props.xLabel, incrs: [1, 2, 5, 10, 20, 50] },
          { size: 80, values: (_u, splits) => splits.map((v) => compactUsd.format(v)) },
        ],
        series: [
          { label: props.xLabel },
          ...props.series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: s.width ?? 1.5,
            points: { show: false },
            ...(s.dash ? { dash: [...s.dash] } : {}),
            value: (_u: uPlot, v: number | null) => (v === null ? "—" : compactUsd.format(v)),
          })),
        ],
        bands: (props.bands ?? []).map((b) => ({
          series: [b.upper + 1, b.lower + 1] as [number, number],
          fill: b.fill,
        })),
        legend: { live: false },
        cursor: { show: true, drag: { x: false, y: false } },
      },
      [props.x as number[], ...props.series.map((s) => s.values as (number | null)[])],
      target,
    );
    return () => plot.destroy();
  }, [props]);
  return <div class="chart" ref={host} aria-hidden="true" />;
}
