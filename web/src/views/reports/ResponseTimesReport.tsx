// The response times report: how soon calls were answered or given up, with the share answered
// within a target the supervisor picks, and the spread of answering times as a chart and table.
import { useState } from "react";
import { Group, NativeSelect, SimpleGrid, Table, Title } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { csvUrl, type Range, reportUrl, type ResponseTimes } from "../../reports/api";
import { Chart } from "../../reports/Chart";
import { ExportCsv } from "./ExportCsv";
import { FigureTable } from "./FigureTable";
import { OUTCOME_COLORS } from "./labels";
import { responseRows } from "./responseFigures";
import { Section } from "./Section";
import { Loading, useReport } from "./useReport";

function bandLabel(b: { from_s: number; to_s: number | null }, t: TFunction): string {
  return b.to_s === null ? t("reports.bandOpen", { from: b.from_s }) : t("reports.band", { from: b.from_s, to: b.to_s });
}

function Distribution({ r }: { r: ResponseTimes }) {
  const { t } = useTranslation();
  return (
    <>
      <Chart
        label={t("reports.distribution")}
        height={180}
        option={{
          animation: false,
          tooltip: { trigger: "axis" },
          grid: { left: 40, right: 8, top: 8, bottom: 28 },
          xAxis: { type: "category", data: r.answer_distribution.map((b) => bandLabel(b, t)) },
          yAxis: { type: "value", minInterval: 1 },
          series: [{ type: "bar", name: t("reports.calls"), data: r.answer_distribution.map((b) => b.count), itemStyle: { color: OUTCOME_COLORS.answered } }],
        }}
      />
      <Table data-testid="distribution-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("reports.wait")}</Table.Th>
            {r.answer_distribution.map((b) => (
              <Table.Th key={b.from_s} ta="right" style={{ whiteSpace: "nowrap" }}>
                {bandLabel(b, t)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">{t("reports.calls")}</Table.Th>
            {r.answer_distribution.map((b) => (
              <Table.Td key={b.from_s} ta="right" className="lk-num">
                {b.count}
              </Table.Td>
            ))}
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </>
  );
}

export function ResponseTimesReport({ range }: { range: Range }) {
  const { t, i18n } = useTranslation();
  const [target, setTarget] = useState("60");
  const report = useReport<ResponseTimes>(reportUrl("response-times", range, { target_s: target }));
  return (
    <Section
      id="response"
      title={t("reports.tabs.responseTimes")}
      actions={
        <Group gap="xs" align="end">
          <NativeSelect size="xs" label={t("reports.target")} value={target} onChange={(e) => setTarget(e.currentTarget.value)} data={["20", "30", "60", "120", "180", "300"].map((s) => ({ value: s, label: `${s} s` }))} />
          <ExportCsv href={csvUrl("response-times", range, i18n.language, { target_s: target })} what={t("reports.tabs.responseTimes")} />
        </Group>
      }
    >
      <Loading report={report}>
        {(r) => (
          <SimpleGrid cols={2}>
            <FigureTable rows={responseRows(r, i18n.language, t)} testId="response-table" />
            <div>
              <Title order={3} size="h5">
                {t("reports.distribution")}
              </Title>
              <Distribution r={r} />
            </div>
          </SimpleGrid>
        )}
      </Loading>
    </Section>
  );
}
