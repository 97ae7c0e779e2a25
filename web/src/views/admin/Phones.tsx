// The phones of the telephony configuration: each extension, whose it is, and whether a phone
// is registered on it now (read again every few seconds).
import { Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Agent } from "../../api/types";
import { formatDateTime } from "../../state/time";
import { GOOD } from "../colors";
import { LoadError, useLoad } from "./load";

interface Phone {
  extension: string;
  agent_id: string;
  registered: boolean;
  contact?: string;
  user_agent?: string;
  expires_at?: string;
}

export function Phones() {
  const { t, i18n } = useTranslation();
  const phones = useLoad<{ items: Phone[] }>("/api/v1/telephony/phones", 5000);
  const agents = useLoad<{ items: Agent[] }>("/api/v1/agents");
  const name = (id: string) => agents.data?.items.find((a) => a.id === id)?.name ?? id;
  const list = [...(phones.data?.items ?? [])].sort((a, b) => a.extension.localeCompare(b.extension));
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t("admin.tabs.phones")}
        </Title>
        <Button variant="outline" onClick={phones.reload}>
          {t("admin.phones.refresh")}
        </Button>
      </Group>
      <LoadError error={phones.error} />
      {phones.data && list.length === 0 && <Text>{t("admin.phones.none")}</Text>}
      <Table striped data-testid="phones-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("admin.phones.extension")}</Table.Th>
            <Table.Th>{t("admin.phones.agent")}</Table.Th>
            <Table.Th>{t("admin.phones.state")}</Table.Th>
            <Table.Th>{t("admin.phones.contact")}</Table.Th>
            <Table.Th>{t("admin.phones.userAgent")}</Table.Th>
            <Table.Th>{t("admin.phones.expires")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((p) => (
            <Table.Tr key={p.extension} data-extension={p.extension} data-registered={p.registered}>
              <Table.Th scope="row" className="lk-num">
                {p.extension}
              </Table.Th>
              <Table.Td>{name(p.agent_id)}</Table.Td>
              <Table.Td>
                <Badge color={p.registered ? GOOD : "gray.7"} variant="filled">
                  {t(p.registered ? "admin.phones.registered" : "admin.phones.notRegistered")}
                </Badge>
              </Table.Td>
              <Table.Td style={{ wordBreak: "break-all" }}>{p.contact ?? "—"}</Table.Td>
              <Table.Td>{p.user_agent || "—"}</Table.Td>
              <Table.Td>{formatDateTime(p.expires_at, i18n.language) || "—"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
