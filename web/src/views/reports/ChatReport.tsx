// The chat report: per period and line, chats offered, answered and abandoned in the queue,
// the waiting time to acceptance and the chat's duration (mean, median, p90), and the visitors'
// feedback (how many gave it, the mean rating and how many gave each of 1-5). Each chat counts
// on the Helsinki day it started (docs/reports.md, "Chats").
import type { ReactNode } from "react";
import { Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type ChatRow, csvUrl, formatNumber, formatPeriod, type Period, type Range, reportUrl } from "../../reports/api";
import type { Directory } from "../common";
import { ExportCsv } from "./ExportCsv";
import { lineLabel, seconds } from "./labels";
import { Section } from "./Section";
import { Loading, useReport } from "./useReport";

// A column of a chat table: its heading, its cell and the cell's test id.
type Column = [heading: string, cell: (r: ChatRow) => ReactNode, testId?: string];

function roundedSeconds(s: number | null): string {
  return seconds(s === null ? null : Math.round(s));
}

// One table of the report: a row per period and line, the columns as given.
function ChatTable({ rows, columns, testId, dir, labelledBy }: { rows: ChatRow[]; columns: Column[]; testId: string; dir: Directory; labelledBy?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Table.ScrollContainer minWidth={560 + 40 * columns.length}>
      <Table striped data-testid={testId} mt="xs" aria-labelledby={labelledBy}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("reports.period")}</Table.Th>
            <Table.Th>{t("reports.line")}</Table.Th>
            {columns.map(([heading]) => (
              <Table.Th key={heading} ta="right">
                {heading}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={`${r.period}|${r.line}`} data-period={r.period} data-line={r.line}>
              <Table.Th scope="row">{formatPeriod(r.period, lang)}</Table.Th>
              <Table.Td>{lineLabel(dir, r.line, lang, t)}</Table.Td>
              {columns.map(([heading, cell, id]) => (
                <Table.Td key={heading} ta="right" className="lk-num" data-testid={id}>
                  {cell(r)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ChatReport({ range, period, dir }: { range: Range; period: Period; dir: Directory }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const extra = { period, by_line: range.line ? "false" : "true" };
  const report = useReport<{ items: ChatRow[] }>(reportUrl("chats", range, extra));
  const chats: Column[] = [
    [t("reports.chats.offered"), (r) => r.offered, "offered"],
    [t("reports.chats.answered"), (r) => r.answered, "answered"],
    [t("reports.chats.abandoned"), (r) => r.abandoned, "abandoned"],
    [t("reports.chats.waitMean"), (r) => roundedSeconds(r.wait.mean_s)],
    [t("reports.chats.waitMedian"), (r) => seconds(r.wait.median_s), "wait-median"],
    [t("reports.chats.waitP90"), (r) => seconds(r.wait.p90_s)],
    [t("reports.chats.durationMean"), (r) => roundedSeconds(r.duration.mean_s)],
    [t("reports.chats.durationMedian"), (r) => seconds(r.duration.median_s)],
    [t("reports.chats.durationP90"), (r) => seconds(r.duration.p90_s)],
  ];
  const feedback: Column[] = [
    [t("reports.chats.feedback"), (r) => r.feedback.count, "feedback"],
    [t("reports.chats.meanRating"), (r) => (r.feedback.mean_rating === null ? "—" : formatNumber(r.feedback.mean_rating, lang, 2)), "mean-rating"],
    ...[1, 2, 3, 4, 5].map((n): Column => [t("reports.chats.rating", { rating: n }), (r) => r.feedback.ratings[n - 1], `rating-${n}`]),
  ];
  return (
    <Section id="chats" title={t("reports.chats.title")} actions={<ExportCsv href={csvUrl("chats", range, lang, extra)} what={t("reports.chats.title")} />}>
      <Loading report={report}>
        {({ items }) => {
          if (items.filter((r) => r.line === "*").every((r) => r.offered === 0 && r.feedback.count === 0)) {
            return <Text>{t("reports.noData")}</Text>;
          }
          return (
            <>
              <ChatTable rows={items} columns={chats} testId="chats-table" dir={dir} />
              <Text fw={600} mt="md" id="chat-feedback-title">
                {t("reports.chats.feedbackTitle")}
              </Text>
              <ChatTable rows={items} columns={feedback} testId="chat-feedback-table" dir={dir} labelledBy="chat-feedback-title" />
            </>
          );
        }}
      </Loading>
    </Section>
  );
}
