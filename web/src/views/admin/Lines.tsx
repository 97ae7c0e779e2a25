// The service lines as configured: numbers and channels, opening hours, exceptions, routing
// and callback policy; each can be edited (PUT /api/v1/service-lines/{id}).
import { useState } from "react";
import { Badge, Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { dayName, groupDays, type ServiceLineConfig } from "../../state/admin";
import { localized } from "../common";
import { LineEditor } from "./LineEditor";
import { LoadError, useLoad } from "./load";

function Hours({ line }: { line: ServiceLineConfig }) {
  const { t, i18n } = useTranslation();
  return (
    <List size="sm" listStyleType="none" spacing={2}>
      {groupDays(line.weekly_hours).map(([from, to, text]) => (
        <List.Item key={from}>
          {dayName(from, i18n.language)}
          {to !== from && `–${dayName(to, i18n.language)}`} {text || t("admin.lines.closed")}
        </List.Item>
      ))}
      <List.Item>{t(line.closed_on_public_holidays === false ? "admin.lines.openOnHolidays" : "admin.lines.closedOnHolidays")}</List.Item>
    </List>
  );
}

function Policy({ line }: { line: ServiceLineConfig }) {
  const { t } = useTranslation();
  const r = line.routing ?? {};
  const cb = r.callback ?? {};
  const none = t("admin.lines.none");
  const rows: [string, string][] = [
    [t("admin.lines.target"), `${r.service_level_target_s ?? 60} s`],
    [t("admin.lines.queueLimit"), r.queue_limit === null ? none : String(r.queue_limit ?? 100)],
    [t("admin.lines.maxWait"), r.max_estimated_wait_s === null ? none : `${r.max_estimated_wait_s ?? 900} s`],
    [t("admin.lines.wrapUp"), `${r.wrap_up_s ?? 30} s`],
    [t("admin.lines.offerTimeout"), `${r.offer_timeout_s ?? 20} s`],
    [t("admin.lines.whenClosed"), t(`admin.overflow.${cb.when_closed ?? "callback"}`)],
    [t("admin.lines.whenBusy"), t(`admin.overflow.${cb.when_busy ?? "queue"}`)],
    [t("admin.lines.whenQueueFull"), t(`admin.overflow.${cb.when_queue_full ?? "callback"}`)],
    [t("admin.lines.whenWaitTooLong"), t(`admin.overflow.${cb.when_wait_too_long ?? "callback"}`)],
    [t("admin.lines.due"), t(`admin.due.${cb.due?.rule ?? "same_working_day"}`)],
    [t("admin.lines.maxAttempts"), String(cb.max_attempts ?? 3)],
  ];
  return (
    <List size="sm" listStyleType="none" spacing={2}>
      {rows.map(([k, v]) => (
        <List.Item key={k}>
          {k}: <b>{v}</b>
        </List.Item>
      ))}
    </List>
  );
}

function LineCard({ line, onEdit }: { line: ServiceLineConfig; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const name = localized(line.name, i18n.language, line.id);
  const titleId = `line-${line.id}-title`;
  return (
    <Card withBorder component="section" aria-labelledby={titleId} data-line={line.id}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={3} size="h4" id={titleId}>
            {name}
          </Title>
          {line.active === false && <Badge color="gray.7">{t("admin.lines.inactive")}</Badge>}
        </Group>
        <Button size="xs" variant="outline" onClick={onEdit} aria-label={t("admin.lines.editOf", { name })}>
          {t("admin.edit")}
        </Button>
      </Group>
      <SimpleGrid cols={4} spacing="md">
        <Stack gap={4}>
          <Text size="sm" fw={700}>
            {t("admin.lines.numbers")}
          </Text>
          <Text size="sm" data-testid="line-numbers">
            {(line.phone_numbers ?? []).join(", ") || "—"}
          </Text>
          <Text size="sm" fw={700}>
            {t("admin.lines.channels")}
          </Text>
          <Text size="sm">{line.channels.map((c) => t(`admin.channels.${c}`)).join(", ")}</Text>
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={700}>
            {t("admin.lines.hours")}
          </Text>
          <Hours line={line} />
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={700}>
            {t("admin.lines.exceptions")}
          </Text>
          {(line.exceptions ?? []).length === 0 ? (
            <Text size="sm">—</Text>
          ) : (
            <List size="sm" listStyleType="none" spacing={2} data-testid="line-exceptions">
              {(line.exceptions ?? []).map((e) => (
                <List.Item key={e.date}>
                  {new Intl.DateTimeFormat(i18n.language, { timeZone: "UTC", day: "numeric", month: "numeric", year: "numeric" }).format(new Date(`${e.date}T00:00:00Z`))}{" "}
                  {e.hours.length ? e.hours.join(", ") : t("admin.lines.closed")}
                  {e.reason && ` (${localized(e.reason, i18n.language, "")})`}
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={700}>
            {t("admin.lines.policy")}
          </Text>
          <Policy line={line} />
        </Stack>
      </SimpleGrid>
    </Card>
  );
}

export function Lines() {
  const { t } = useTranslation();
  const lines = useLoad<{ items: ServiceLineConfig[] }>("/api/v1/service-lines");
  const [editing, setEditing] = useState<ServiceLineConfig | null>(null);
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t("admin.tabs.lines")}
      </Title>
      <LoadError error={lines.error} />
      {(lines.data?.items ?? []).map((l) => (
        <LineCard key={l.id} line={l} onEdit={() => setEditing(l)} />
      ))}
      {editing && (
        <LineEditor
          line={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            lines.reload();
          }}
        />
      )}
    </Stack>
  );
}
