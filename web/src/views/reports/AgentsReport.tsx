// The per-professional report: calls handled, talk and wrap-up time, outgoing calls and
// callbacks for each professional, or a professional's own figures when they supervise nobody.
import { Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type AgentFigures, csvUrl, type Range, reportUrl } from "../../reports/api";
import { formatDuration } from "../../state/time";
import { agentName, type Directory } from "../common";
import { ExportCsv } from "./ExportCsv";
import { Section } from "./Section";
import { Loading, useReport } from "./useReport";

export function AgentsReport({ range, dir, own }: { range: Range; dir: Directory; own: boolean }) {
  const { t, i18n } = useTranslation();
  const report = useReport<{ items: AgentFigures[] }>(reportUrl("agents", range));
  const title = own ? t("reports.ownFigures") : t("reports.tabs.agents");
  return (
    <Section id="agents" title={title} actions={<ExportCsv href={csvUrl("agents", range, i18n.language)} what={title} />}>
      <Loading report={report}>
        {({ items }) =>
          items.length === 0 ? (
            <Text>{t("reports.noData")}</Text>
          ) : (
            <Table striped data-testid="agents-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("reports.agent")}</Table.Th>
                  <Table.Th ta="right">{t("reports.handled")}</Table.Th>
                  <Table.Th ta="right">{t("reports.talk")}</Table.Th>
                  <Table.Th ta="right">{t("reports.wrapUp")}</Table.Th>
                  <Table.Th ta="right">{t("reports.outgoingCalls")}</Table.Th>
                  <Table.Th ta="right">{t("reports.callbackAttempts")}</Table.Th>
                  <Table.Th ta="right">{t("reports.callbacksCompleted")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => (
                  <Table.Tr key={a.agent} data-agent={a.agent}>
                    <Table.Th scope="row">{agentName(dir, a.agent)}</Table.Th>
                    <Table.Td ta="right" className="lk-num" data-testid="handled">{a.handled}</Table.Td>
                    <Table.Td ta="right" className="lk-num">{formatDuration(a.talk_s)}</Table.Td>
                    <Table.Td ta="right" className="lk-num">{formatDuration(a.wrap_up_s)}</Table.Td>
                    <Table.Td ta="right" className="lk-num">{a.outgoing}</Table.Td>
                    <Table.Td ta="right" className="lk-num">{a.callback_attempts}</Table.Td>
                    <Table.Td ta="right" className="lk-num">{a.callbacks_completed}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </Loading>
    </Section>
  );
}
