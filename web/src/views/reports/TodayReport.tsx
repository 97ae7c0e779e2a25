// Today so far, live: today's calls by outcome per line, answering and abandonment, and the
// arrivals by hour, fetched again every few seconds.
import { SimpleGrid, Space, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatPeriod, HOURS, type Today } from "../../reports/api";
import { Chart } from "../../reports/Chart";
import { formatTime } from "../../state/time";
import type { Directory } from "../common";
import { FigureTable } from "./FigureTable";
import { OUTCOME_COLORS } from "./labels";
import { OutcomeTable } from "./OutcomeTable";
import { responseRows } from "./responseFigures";
import { Section } from "./Section";
import { Loading, useReport } from "./useReport";

const TODAY_REFRESH_MS = 5000;

export function TodayReport({ line, dir }: { line?: string; dir: Directory }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const report = useReport<Today>(`/api/v1/reports/today${line ? `?line=${encodeURIComponent(line)}` : ""}`, TODAY_REFRESH_MS);
  return (
    <Loading report={report}>
      {(d) => {
        const weekday = (new Date(`${d.date}T12:00:00Z`).getUTCDay() + 6) % 7;
        const byHour = d.hours.arrivals[weekday];
        return (
          <Section
            id="today"
            title={t("reports.todayTitle", { date: formatPeriod(d.date, lang) })}
            actions={
              <Text size="sm" c="gray.7" role="status" data-testid="today-updated">
                {t("reports.updated", { time: formatTime(d.at, lang) })}
              </Text>
            }
          >
            <SimpleGrid cols={2}>
              <div>
                <OutcomeTable rows={d.calls.items} testId="today-table" withPeriod={false} dir={dir} cell={(r, o) => r[o]} />
                <Space h="sm" />
                <FigureTable rows={responseRows(d.response_times, lang, t).slice(2, 8)} testId="today-response" />
              </div>
              <div>
                <Title order={3} size="h5">
                  {t("reports.byHour")}
                </Title>
                <Chart
                  label={t("reports.byHour")}
                  height={220}
                  option={{
                    animation: false,
                    tooltip: { trigger: "axis" },
                    grid: { left: 36, right: 8, top: 8, bottom: 24 },
                    xAxis: { type: "category", data: HOURS.map((h) => String(h).padStart(2, "0")) },
                    yAxis: { type: "value", minInterval: 1 },
                    series: [{ type: "bar", name: t("reports.arrivals"), data: byHour, itemStyle: { color: OUTCOME_COLORS.called_back } }],
                  }}
                />
              </div>
            </SimpleGrid>
          </Section>
        );
      }}
    </Loading>
  );
}
