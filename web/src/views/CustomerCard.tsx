// The customer card beside the call or callback in hand (and after the call, through the
// wrap-up, until the next call or the professional closes it): the number, the earlier contacts from
// it on any line (newest first, a page at a time) with what was logged on each, and the form
// that logs the contact in hand — a reason from the region's list, a note and whether a
// service-need assessment was initiated. Every read of the history is written to the access log
// by the server, so the card reads only when it is shown.
import { useEffect, useState } from "react";
import { Alert, Badge, Button, Card, Checkbox, Group, NativeSelect, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { get, post } from "../api/client";
import type { ContactLogEntry, ContactReason, HistoryItem, HistoryPage } from "../api/types";
import { type CardHistory, emptyHistory, historyUrl, MAX_NOTE_BYTES, noteBytes, withLogged, withPage } from "../state/card";
import { formatDateTime } from "../state/time";
import { act, type Directory, lineName, localized } from "./common";
import { notifications } from "./toast";

// The region's contact reasons, read once per page load.
let reasonsOnce: Promise<ContactReason[]> | null = null;
export function useContactReasons(): ContactReason[] {
  const [reasons, setReasons] = useState<ContactReason[]>([]);
  useEffect(() => {
    reasonsOnce ??= get<{ contact_reasons?: ContactReason[] }>("/api/v1/region").then((r) => r.contact_reasons ?? []);
    reasonsOnce.then(setReasons).catch(() => {
      reasonsOnce = null;
    });
  }, []);
  return reasons;
}

export function reasonName(reasons: ContactReason[], id: string, lang: string): string {
  return localized(reasons.find((r) => r.id === id)?.name, lang, id);
}

export function LogForm({ contactId, reasons, onLogged }: { contactId: string; reasons: ContactReason[]; onLogged: (e: ContactLogEntry) => void }) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [assessment, setAssessment] = useState(false);
  const used = noteBytes(note);
  const tooLong = used > MAX_NOTE_BYTES;
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    let entry: ContactLogEntry | undefined;
    const ok = await act(async () => {
      entry = await post<ContactLogEntry>(`/api/v1/contacts/${encodeURIComponent(contactId)}/log`, {
        reason,
        note,
        service_need_assessment: assessment,
      });
    }, t("card.saveFailed"));
    if (ok && entry) {
      notifications.show(t("card.saved"));
      setReason("");
      setNote("");
      setAssessment(false);
      onLogged(entry);
    }
  };
  return (
    <form onSubmit={save} data-testid="log-form" aria-labelledby={`log-title-${contactId}`}>
      <Title order={4} size="h5" id={`log-title-${contactId}`} mt="sm">
        {t("card.logTitle")}
      </Title>
      <Stack gap="xs">
        <NativeSelect
          label={t("card.reason")}
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data={[
            { value: "", label: t("card.chooseReason") },
            ...reasons.map((r) => ({ value: r.id, label: localized(r.name, i18n.language, r.id) })),
          ]}
        />
        <Textarea
          label={t("card.note")}
          description={t("card.noteHelp", { max: MAX_NOTE_BYTES, used })}
          error={tooLong ? t("card.noteTooLong") : undefined}
          autosize
          minRows={2}
          maxRows={6}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Checkbox label={t("card.serviceNeed")} checked={assessment} onChange={(e) => setAssessment(e.currentTarget.checked)} />
        <Group>
          <Button type="submit" disabled={!reason || tooLong}>
            {t("card.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function HistoryRow({ item, current, ended, reasons, dir }: { item: HistoryItem; current: boolean; ended: boolean; reasons: ContactReason[]; dir: Directory }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.Tr data-contact={item.id} data-current={current}>
      <Table.Td style={{ whiteSpace: "nowrap" }}>
        {formatDateTime(item.time, i18n.language)}
        {current && (
          <Badge ml={4} size="xs" variant="outline" color="dark.6">
            {t(ended ? "card.lastCall" : "card.thisCall")}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>{item.line ? lineName(dir, item.line, i18n.language) : "—"}</Table.Td>
      <Table.Td>{t(`card.${item.direction}`)}</Table.Td>
      <Table.Td>{t(`card.outcome.${item.outcome}`, { defaultValue: item.outcome })}</Table.Td>
      <Table.Td>{item.agent_name || "—"}</Table.Td>
      <Table.Td data-testid="history-log">
        {item.log ? (
          <Stack gap={0}>
            <Text size="sm" fw={600}>
              {reasonName(reasons, item.log.reason, i18n.language)}
            </Text>
            {item.log.note && (
              <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                {item.log.note}
              </Text>
            )}
            {item.log.service_need_assessment && <Text size="xs">{t("card.assessment")}</Text>}
          </Stack>
        ) : (
          "—"
        )}
      </Table.Td>
    </Table.Tr>
  );
}

// `ended`: the call has ended (the card stays through the wrap-up, so the contact can still be
// logged); `onClose` lets the professional put it away.
export function CustomerCard({ number, contactId, dir, ended = false, onClose }: {
  number?: string;
  contactId?: string;
  dir: Directory;
  ended?: boolean;
  onClose?: () => void;
}) {
  const { t } = useTranslation();
  const reasons = useContactReasons();
  const [history, setHistory] = useState<CardHistory>(() => emptyHistory(number ?? ""));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (h: CardHistory, fromTop: boolean) => {
    if (!h.number) return;
    setBusy(true);
    try {
      const page = await get<HistoryPage>(historyUrl(h.number, fromTop ? null : h.next));
      setHistory((cur) => (cur.number === h.number || cur.number === page.number ? withPage(cur, page, fromTop) : cur));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    const fresh = emptyHistory(number ?? "");
    setHistory(fresh);
    void load(fresh, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [number, contactId]);

  const onLogged = (entry: ContactLogEntry) => {
    if (!contactId) return;
    setHistory((h) => withLogged(h, contactId, entry));
    void load(history, true); // the contact in hand may not have been on the page yet
  };

  return (
    <Card withBorder component="section" aria-labelledby="card-title" data-testid="customer-card" data-ended={ended}>
      <Group justify="space-between" wrap="nowrap">
        <Title order={3} size="h4" id="card-title">
          {t("card.title")}
        </Title>
        {onClose && (
          <Button variant="subtle" size="xs" onClick={onClose}>
            {t("card.closeCard")}
          </Button>
        )}
      </Group>
      {ended && <Text c="gray.7">{t("card.ended")}</Text>}
      {number ? <Text>{t("card.number", { number: history.number || number })}</Text> : <Text>{t("card.numberHidden")}</Text>}
      {contactId && <LogForm key={contactId} contactId={contactId} reasons={reasons} onLogged={onLogged} />}
      {number && (
        <>
          <Title order={4} size="h5" mt="sm" id="card-history-title">
            {t("card.history")}
          </Title>
          {error && (
            <Alert color="red" role="alert">
              {t("card.loadFailed", { error })}
            </Alert>
          )}
          {history.loaded && history.items.length === 0 ? (
            <Text c="gray.7">{t("card.none")}</Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table striped data-testid="card-history" aria-labelledby="card-history-title">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("card.time")}</Table.Th>
                    <Table.Th>{t("card.line")}</Table.Th>
                    <Table.Th>{t("card.direction")}</Table.Th>
                    <Table.Th>{t("card.outcomeCol")}</Table.Th>
                    <Table.Th>{t("card.handledBy")}</Table.Th>
                    <Table.Th>{t("card.logged")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {history.items.map((item) => (
                    <HistoryRow key={item.id} item={item} current={item.id === contactId} ended={ended} reasons={reasons} dir={dir} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {history.next && (
            <Button variant="outline" size="xs" mt="xs" loading={busy} onClick={() => void load(history, false)}>
              {t("card.more")}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}
