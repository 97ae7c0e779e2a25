// The calls report: calls by outcome per day, week or month and line, as a stacked bar chart and
// a table whose every outcome figure opens the list of its calls.
import { useState } from "react";
import { Button, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { csvUrl, formatPercent, formatPeriod, type Outcome, OUTCOMES, type OutcomeRow, type Period, periodDays, type Range, reportUrl } from "../../reports/api";
import { Chart } from "../../reports/Chart";
import type { Directory } from "../common";
import { CallList, type DrillDown } from "./CallList";
import { ExportCsv } from "./ExportCsv";
import { lineLabel, OUTCOME_COLORS } from "./labels";
import { OutcomeTable } from "./OutcomeTable";
import { Section } from "./Section";
import { Loading, useReport } from "./useReport";

export function CallsByOutcome({ range, period, dir }: { range: Range; period: Period; dir: Directory }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const extra = { period, by_line: range.line ? "false" : "true" };
  const report = useReport<{ items: OutcomeRow[] }>(reportUrl("calls", range, extra));
  const [drill, setDrill] = useState<DrillDown>();
  const open = (row: OutcomeRow, outcome: Outcome) => {
    const days = periodDays(row.period, range);
    const line = row.line === "*" ? range.line : row.line;
    setDrill({ outcome, period: row.period, line: line ?? "*", range: { ...days, line } });
  };
  // A figure of an outcome lists its calls. The total is plain: the list of every call would
  // also hold the callback attempts, which the total does not count.
  const figure = (row: OutcomeRow, outcome: Outcome, value: number) => {
    const what = t(`reports.${outcome}`);
    // Calls that never reached a line cannot be listed by line: their figure is plain.
    if (value === 0 || row.line === "") return <span>{value}</span>;
    return (
      <Button
        variant="subtle"
        size="compact-sm"
        className="lk-num"
        onClick={() => open(row, outcome)}
        aria-label={t("reports.showCalls", { what: `${what} ${value}`, period: formatPeriod(row.period, lang), line: lineLabel(dir, row.line, lang, t) })}
      >
        {value}
      </Button>
    );
  };
  return (
    <Section id="calls" title={t("reports.callsTable")} actions={<ExportCsv href={csvUrl("calls", range, lang, extra)} what={t("reports.callsTable")} />}>
      <Loading report={report}>
        {({ items }) => {
          const all = items.filter((r) => r.line === "*");
          if (all.every((r) => r.total === 0)) return <Text>{t("reports.noData")}</Text>;
          return (
            <>
              <Chart
                label={t("reports.callsChart")}
                testId="calls-chart"
                height={200}
                option={{
                  animation: false,
                  tooltip: { trigger: "axis" },
                  legend: { bottom: 0 },
                  grid: { left: 48, right: 16, top: 12, bottom: 48 },
                  xAxis: { type: "category", data: all.map((r) => formatPeriod(r.period, lang)) },
                  yAxis: { type: "value", minInterval: 1 },
                  series: OUTCOMES.map((o) => ({ name: t(`reports.${o}`), type: "bar", stack: "calls", barMaxWidth: 96, data: all.map((r) => r[o]), itemStyle: { color: OUTCOME_COLORS[o] } })),
                }}
              />
              <OutcomeTable
                rows={items}
                testId="outcomes-table"
                withPeriod
                dir={dir}
                cell={(r, o) => (
                  <>
                    {figure(r, o, r[o])} <Text span size="sm" c="gray.7" className="lk-num">· {formatPercent(r.shares_percent[o], lang)}</Text>
                  </>
                )}
              />
            </>
          );
        }}
      </Loading>
      {drill && <CallList drill={drill} dir={dir} onClose={() => setDrill(undefined)} />}
    </Section>
  );
}
