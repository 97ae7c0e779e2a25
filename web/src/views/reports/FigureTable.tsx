// A two-column table of named figures (response times, callbacks, today's answering). Each row
// may carry a key (data-figure) by which tests and styles find it.
import type { ReactNode } from "react";
import { Table } from "@mantine/core";
import { useTranslation } from "react-i18next";

export type FigureRow = [name: string, value: ReactNode, key?: string];

export function FigureTable({ rows, testId }: { rows: FigureRow[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <Table data-testid={testId} withRowBorders>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("reports.figure")}</Table.Th>
          <Table.Th ta="right">{t("reports.value")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(([name, value, key]) => (
          <Table.Tr key={name} data-figure={key}>
            <Table.Th scope="row" fw={400}>
              {name}
            </Table.Th>
            <Table.Td ta="right" className="lk-num" fw={600}>
              {value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
