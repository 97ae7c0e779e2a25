// The calls behind a figure of the calls report, in a dialog: a page of a hundred at a time,
// exportable to CSV. Opening the list is logged as an access to the callers' numbers.
import { useEffect, useState } from "react";
import { Alert, Button, Group, Loader, Modal, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { get } from "../../api/client";
import { csvUrl, formatPeriod, type Outcome, type Range, type ReportCall, reportUrl } from "../../reports/api";
import { agentName, type Directory } from "../common";
import { ExportCsv } from "./ExportCsv";
import { lineLabel, seconds } from "./labels";

export interface DrillDown {
  outcome: Outcome;
  period: string;
  line: string;
  range: Range;
}

export function CallList({ drill, dir, onClose }: { drill: DrillDown; dir: Directory; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [calls, setCalls] = useState<ReportCall[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const extra = { outcome: drill.outcome };
  const load = (offset: number) => {
    setLoading(true);
    get<{ items: ReportCall[]; more: boolean }>(reportUrl("calls/list", drill.range, { ...extra, limit: "100", offset: String(offset) }))
      .then((page) => {
        setCalls((c) => [...c.slice(0, offset), ...page.items]);
        setMore(page.more);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setLoading(false));
  };
  // The dialog is made anew for every figure: its first page loads once.
  useEffect(() => load(0), []);
  const what = t(`reports.${drill.outcome}`);
  const title = t("reports.callsOf", { what, period: formatPeriod(drill.period, i18n.language), line: lineLabel(dir, drill.line, i18n.language, t) });
  return (
    <Modal opened onClose={onClose} title={title} size={1120} closeButtonProps={{ "aria-label": t("reports.close") }}>
      <Group justify="space-between" mb="xs">
        <Text size="sm" c="gray.7">
          {t("reports.accessLogged")}
        </Text>
        <ExportCsv href={csvUrl("calls/list", drill.range, i18n.language, { ...extra, limit: "1000" })} what={title} />
      </Group>
      {error && <Alert color="red" role="alert">{t("reports.loadFailed", { error })}</Alert>}
      <Table striped data-testid="call-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("reports.date")}</Table.Th>
            <Table.Th>{t("reports.time")}</Table.Th>
            <Table.Th>{t("reports.number")}</Table.Th>
            <Table.Th>{t("reports.line")}</Table.Th>
            <Table.Th>{t("reports.outcomeLabel")}</Table.Th>
            <Table.Th>{t("reports.agent")}</Table.Th>
            <Table.Th ta="right">{t("reports.wait")}</Table.Th>
            <Table.Th ta="right">{t("reports.talk")}</Table.Th>
            <Table.Th ta="right">{t("reports.wrapUp")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {calls.map((c) => (
            <Table.Tr key={c.id} data-call={c.id}>
              <Table.Td>{formatPeriod(c.date, i18n.language)}</Table.Td>
              <Table.Td className="lk-num">{c.time}</Table.Td>
              <Table.Td className="lk-num">{c.number || "—"}</Table.Td>
              <Table.Td>{lineLabel(dir, c.line, i18n.language, t)}</Table.Td>
              <Table.Td>{t(`reports.outcome.${c.outcome}`)}</Table.Td>
              <Table.Td>{agentName(dir, c.agent) || "—"}</Table.Td>
              <Table.Td ta="right" className="lk-num">{seconds(c.wait_s)}</Table.Td>
              <Table.Td ta="right" className="lk-num">{seconds(c.talk_s)}</Table.Td>
              <Table.Td ta="right" className="lk-num">{seconds(c.wrap_up_s)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!loading && calls.length === 0 && !error && <Text mt="sm">{t("reports.noCalls")}</Text>}
      {loading && <Loader size="sm" aria-label={t("common.loading")} />}
      {more && !loading && (
        <Button mt="sm" variant="light" onClick={() => load(calls.length)}>
          {t("reports.more")}
        </Button>
      )}
    </Modal>
  );
}
