// A chart drawn by ECharts, loaded on first use. The chart is a picture for the eye (role
// img with its label); the table beside it carries the same figures for everyone else.
import { useEffect, useRef } from "react";
import type { EChartsCoreOption } from "echarts/core";

let library: Promise<typeof import("./echarts")> | undefined;
const loadECharts = () => (library ??= import("./echarts"));

export function Chart({ option, label, height = 240, testId }: { option: EChartsCoreOption; label: string; height?: number; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = JSON.stringify(option);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    let observer: ResizeObserver | undefined;
    void loadECharts().then(({ echarts }) => {
      if (disposed || !ref.current) return;
      const c = echarts.init(ref.current);
      c.setOption(JSON.parse(key) as EChartsCoreOption);
      chart = c;
      observer = new ResizeObserver(() => c.resize());
      observer.observe(ref.current);
      ref.current.dataset.drawn = "true";
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart?.dispose();
    };
  }, [key]);
  return <div ref={ref} role="img" aria-label={label} data-testid={testId} style={{ width: "100%", height }} />;
}
