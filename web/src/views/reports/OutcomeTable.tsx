// Calls by outcome as a table: a row per period and line (or per line, for one day), the total
// and each outcome's cell as the caller draws it. The calls report makes its figures buttons that
// list the calls; today's report shows them plain.
import type { ReactNode } from "react";
import { Table } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type Outcome, OUTCOMES, type OutcomeRow, formatPeriod } from "../../reports/api";
import type { Directory } from "../common";
import { lineLabel } from "./labels";

export function OutcomeTable({ rows, testId, withPeriod, dir, cell }: {
  rows: OutcomeRow[];
  testId: string;
  withPeriod: boolean;
  dir: Directory;
  cell: (row: OutcomeRow, outcome: Outcome) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Table striped data-testid={testId} mt="xs">
      <Table.Thead>
        <Table.Tr>
          {withPeriod && <Table.Th>{t("reports.period")}</Table.Th>}
          <Table.Th>{t("reports.line")}</Table.Th>
          <Table.Th ta="right">{t("reports.total")}</Table.Th>
          {OUTCOMES.map((o) => (
            <Table.Th key={o} ta="right">
              {t(`reports.${o}`)}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={`${r.period}|${r.line}`} data-period={r.period} data-line={r.line}>
            {withPeriod ? (
              <>
                <Table.Th scope="row">{formatPeriod(r.period, lang)}</Table.Th>
                <Table.Td>{lineLabel(dir, r.line, lang, t)}</Table.Td>
              </>
            ) : (
              <Table.Th scope="row">{lineLabel(dir, r.line, lang, t)}</Table.Th>
            )}
            <Table.Td ta="right" className="lk-num" data-testid="total">
              {r.total}
            </Table.Td>
            {OUTCOMES.map((o) => (
              <Table.Td key={o} ta="right" className="lk-num" data-testid={o}>
                {cell(r, o)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
