// The peak hours report: an average week, hour by hour, of the metric the supervisor picks
// (arrivals, or the staffing beside them), as a heatmap and the same figures in a table.
import { useState } from "react";
import { SegmentedControl, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { averageDay, csvUrl, formatNumber, HOURS, type Metric, METRICS, type PeakHours, type Range, reportUrl, WEEKDAYS } from "../../reports/api";
import { Chart } from "../../reports/Chart";
import { formatDuration } from "../../state/time";
import { ExportCsv } from "./ExportCsv";
import { Section } from "./Section";
import { Loading, useReport } from "./useReport";

function Heatmap({ p, metric, testId }: { p: PeakHours; metric: Metric; testId: string }) {
  const { t, i18n } = useTranslation();
  const grid = averageDay(p, metric);
  const max = Math.max(1, ...grid.flat());
  const days = WEEKDAYS.map((d) => t(`reports.wd.${d}`));
  const what = t(`reports.metrics.${metric}`);
  const format = (v: number) => formatNumber(v, i18n.language, Number.isInteger(v) ? 0 : 1);
  return (
    <>
      <Chart
        label={t("reports.heatmap", { what })}
        height={200}
        option={{
          animation: false,
          tooltip: {},
          grid: { left: 44, right: 64, top: 4, bottom: 24 },
          xAxis: { type: "category", data: HOURS.map((h) => String(h).padStart(2, "0")), splitArea: { show: true } },
          yAxis: { type: "category", data: days, inverse: true, splitArea: { show: true } },
          visualMap: { min: 0, max, orient: "vertical", right: 0, top: "middle", itemHeight: 140, inRange: { color: ["#f3f6fb", "#1c4f8f"] } },
          series: [{ type: "heatmap", name: what, data: WEEKDAYS.flatMap((d) => HOURS.map((h) => [h, d, grid[d][h]])) }],
        }}
      />
      <Table data-testid={testId} className="lk-heat" horizontalSpacing={2} verticalSpacing={2} fz="xs">
        <caption className="lk-visually-hidden">{t("reports.heatmap", { what })}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("reports.weekday")}</Table.Th>
            {HOURS.map((h) => (
              <Table.Th key={h} ta="right" aria-label={`${t("reports.hour")} ${h}`}>
                {String(h).padStart(2, "0")}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {WEEKDAYS.map((d) => (
            <Table.Tr key={d} data-weekday={d}>
              <Table.Th scope="row">{days[d]}</Table.Th>
              {HOURS.map((h) => (
                <Table.Td key={h} ta="right" className={grid[d][h] === 0 ? "lk-num lk-zero" : "lk-num"} data-hour={h}>
                  {format(grid[d][h])}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

export function PeakHoursReport({ range }: { range: Range }) {
  const { t, i18n } = useTranslation();
  const [metric, setMetric] = useState<Metric>("arrivals");
  const report = useReport<PeakHours>(reportUrl("peak-hours", range));
  return (
    <Section id="peaks" title={t("reports.tabs.peakHours")} actions={<ExportCsv href={csvUrl("peak-hours", range, i18n.language)} what={t("reports.tabs.peakHours")} />}>
      <SegmentedControl
        size="xs"
        mb="xs"
        aria-label={t("reports.metric")}
        value={metric}
        onChange={(v) => setMetric(v as Metric)}
        data={METRICS.map((m) => ({ value: m, label: t(`reports.metrics.${m}`) }))}
      />
      <Loading report={report}>
        {(p) => (
          <>
            <Heatmap p={p} metric={metric} testId="peaks-table" />
            <Text size="xs" c="gray.7" mt={4}>
              {t("reports.plannerNote", {
                level: Math.round(p.planner.target_service_level * 100),
                answer: p.planner.target_answer_s,
                handle: formatDuration(p.planner.mean_handle_s),
              })}
            </Text>
          </>
        )}
      </Loading>
    </Section>
  );
}
