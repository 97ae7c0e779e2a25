// The callbacks report: the tasks made for callers who could not be answered, how they ended,
// and how long the first attempt and the completion took.
import { SimpleGrid } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type CallbackFigures, csvUrl, formatNumber, formatPercent, type Range, reportUrl, type WaitFigures } from "../../reports/api";
import { ExportCsv } from "./ExportCsv";
import { FigureTable } from "./FigureTable";
import { seconds } from "./labels";
import { Section } from "./Section";
import { Loading, useReport } from "./useReport";

export function CallbacksReport({ range }: { range: Range }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const report = useReport<CallbackFigures>(reportUrl("callbacks", range));
  const wait = (w: WaitFigures, which: "median_s" | "p90_s") => seconds(w[which]);
  return (
    <Section id="callbacks" title={t("reports.tabs.callbacks")} actions={<ExportCsv href={csvUrl("callbacks", range, lang)} what={t("reports.tabs.callbacks")} />}>
      <Loading report={report}>
        {(c) => (
          <SimpleGrid cols={2}>
            <FigureTable
              testId="callbacks-table"
              rows={[
                [t("reports.created"), formatNumber(c.created, lang), "created"],
                [t("reports.completed"), formatNumber(c.completed, lang), "completed"],
                [t("reports.unreachable"), formatNumber(c.unreachable, lang), "unreachable"],
                [t("reports.open"), formatNumber(c.open, lang), "open"],
                [t("reports.overdue"), formatNumber(c.overdue, lang), "overdue"],
                [t("reports.completedByDue"), `${formatNumber(c.completed_by_due, lang)} · ${formatPercent(c.completed_by_due_percent, lang)}`, "completed-by-due"],
              ]}
            />
            <FigureTable
              testId="callback-delays-table"
              rows={[
                [t("reports.firstAttemptMedian"), wait(c.to_first_attempt, "median_s"), "first-attempt-median"],
                [t("reports.firstAttemptP90"), wait(c.to_first_attempt, "p90_s"), "first-attempt-p90"],
                [t("reports.completionMedian"), wait(c.to_completion, "median_s"), "completion-median"],
                [t("reports.completionP90"), wait(c.to_completion, "p90_s"), "completion-p90"],
                [t("reports.attemptsPerTask"), formatNumber(c.attempts_per_task, lang, 2), "attempts-per-task"],
                [t("reports.repeatContacts"), `${formatNumber(c.repeat_contacts, lang)} · ${formatPercent(c.repeat_percent, lang)}`, "repeat"],
              ]}
            />
          </SimpleGrid>
        )}
      </Loading>
    </Section>
  );
}
