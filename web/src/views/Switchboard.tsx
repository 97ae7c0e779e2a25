// The call in hand and its switchboard controls: hold and resume, consulting a colleague, an
// extension, a number or a line, swapping, cancelling the consultation, completing the transfer,
// a conference, blind transfers and hanging up. What the call is doing comes from its events
// (switchboardView); a button is enabled only when the call's state allows the operation.
import { useCallback, useEffect, useMemo, useState } from "react";
import { Alert, Badge, Button, Card, Group, Kbd, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { ApiError, get } from "../api/client";
import type { Contact, Presence } from "../api/types";
import { type CallTarget, type ConsultControl, DeskPhone, type Phone, refusalKey, typedTarget } from "../phone/phone";
import { type CallParty, type CallState, type LiveState, switchboardView } from "../state/live";
import { formatDuration, secondsSince } from "../state/time";
import { agentName, type Directory, lineName } from "./common";
import { GOOD, WARN } from "./colors";
import { shownStatus } from "../state/presence";

export type PersonTarget = Exclude<CallTarget, { line: string }>;

// What a refused operation means to the professional, with the server's own words after it.
export function callErrorText(t: TFunction, e: unknown): string {
  if (!(e instanceof ApiError)) return e instanceof Error ? e.message : String(e);
  const key = refusalKey(e.status);
  return key ? `${t(key)} (${e.message})` : e.message;
}

export function partyName(t: TFunction, dir: Directory, party: CallParty, lang: string): string {
  switch (party.kind) {
    case "agent":
      return agentName(dir, party.to);
    case "extension":
      return t("call.extension", { extension: party.to ?? "" });
    case "number":
      return party.number ?? t("common.numberHidden");
    case "line":
      return lineName(dir, party.to ?? "", lang);
  }
}

function targetParty(to: CallTarget): CallParty {
  if ("agent" in to) return { kind: "agent", to: to.agent };
  if ("extension" in to) return { kind: "extension", to: to.extension };
  if ("number" in to) return { kind: "number", number: to.number };
  return { kind: "line", to: to.line };
}

export interface Switchboard {
  call?: CallState;
  error?: string;
  clearError(): void;
  // A blind transfer to a person under way: the professional has left, the target rings.
  handingOver?: CallParty;
  hold(): void;
  resume(): void;
  hangUp(): void;
  consult(to: CallTarget): void;
  transfer(to: CallTarget): void;
  control(what: ConsultControl): void;
}

// The operations on the professional's call, through `browserPhone` while it holds the call
// and the API (DeskPhone) otherwise; a refusal is kept to show on the call itself.
export function useSwitchboard(call: CallState | undefined, browserPhone?: Phone): Switchboard {
  const { t } = useTranslation();
  const desk = useMemo(() => new DeskPhone(), []);
  const phone = browserPhone ?? desk;
  const [error, setError] = useState<string>();
  const [handing, setHanding] = useState<{ call: string; party: CallParty }>();
  const id = call?.id;
  useEffect(() => setError(undefined), [id]);
  const run = useCallback(
    async (op: () => Promise<void>): Promise<boolean> => {
      setError(undefined);
      try {
        await op();
        return true;
      } catch (e) {
        setError(callErrorText(t, e));
        return false;
      }
    },
    [t],
  );
  if (!call || !id) {
    return { error, clearError: () => setError(undefined), hold() {}, resume() {}, hangUp() {}, consult() {}, transfer() {}, control() {} };
  }
  return {
    call,
    error,
    clearError: () => setError(undefined),
    handingOver: handing?.call === id ? handing.party : undefined,
    hold: () => void run(() => phone.hold(id)),
    resume: () => void run(() => phone.resume(id)),
    hangUp: () => void run(() => phone.hangUp(id)),
    consult: (to) => void run(() => phone.consult(id, to)),
    transfer: (to) =>
      void run(() => phone.transfer(id, to)).then((ok) => {
        if (ok && !("line" in to)) setHanding({ call: id, party: targetParty(to) });
      }),
    control: (what) => void run(() => phone.control(id, what)),
  };
}

// The professionals who serve the call's line (GET /presence?line=), with their live presence.
function useLineColleagues(line: string | undefined, me: string, state: LiveState): Presence[] {
  const [ids, setIds] = useState<string[]>([]);
  useEffect(() => {
    if (!line) return setIds([]);
    let stale = false;
    get<{ items: Presence[] }>(`/api/v1/presence?line=${encodeURIComponent(line)}`)
      .then((r) => !stale && setIds(r.items.map((p) => p.agent)))
      .catch(() => !stale && setIds([]));
    return () => {
      stale = true;
    };
  }, [line]);
  return ids.filter((a) => a !== me).map((a) => state.presence[a] ?? { agent: a, state: { status: "offline" as const } });
}

function StatusLine({ sb, dir }: { sb: Switchboard; dir: Directory }) {
  const { t, i18n } = useTranslation();
  if (!sb.call) return null;
  const v = switchboardView(sb.call);
  const consulted = v.consult ? partyName(t, dir, v.consult, i18n.language) : "";
  const caller = t("call.party.caller");
  const rows: { who: string; what: string; testid: string }[] = [];
  if (sb.call.phase === "answered") {
    rows.push({
      who: caller,
      what: v.onHold.includes("caller") ? t("call.party.onHold") : v.talkingTo === "nobody" ? "" : t("call.party.talking"),
      testid: "party-caller",
    });
  }
  if (v.consult) {
    const what =
      v.consult.state === "ringing"
        ? t("call.party.ringing")
        : v.consult.state === "ended"
          ? t("call.party.ended", { result: t(`call.consultResult.${v.consult.result}`, { defaultValue: v.consult.result ?? "" }) })
          : v.onHold.includes("consulted")
            ? t("call.party.onHold")
            : t("call.party.talking");
    rows.push({ who: t("call.party.consulted", { name: consulted }), what, testid: "party-consulted" });
  }
  return (
    <Stack gap={2} mt={4} aria-live="polite">
      {rows.map((r) => (
        <Text key={r.testid} size="sm" data-testid={r.testid}>
          {r.who}
          {r.what && `: ${r.what}`}
        </Text>
      ))}
    </Stack>
  );
}

function modeLabel(t: TFunction, call: CallState): { text: string; color: string } {
  if (call.phase !== "answered") return { text: t(`call.phase.${call.phase}`), color: "blue.9" };
  const v = switchboardView(call);
  if (v.talkingTo === "both") return { text: t("call.mode.conference"), color: "grape.9" };
  if (v.consult && v.consult.state !== "ended") return { text: t("call.mode.consulting"), color: "violet.9" };
  if (v.onHold.includes("caller")) return { text: t("call.held"), color: WARN };
  return { text: t("call.phase.answered"), color: GOOD };
}

// A list to choose from, with an empty first choice ("choose …").
function Choice(props: {
  label: string;
  none: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <NativeSelect
      label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      data={[{ value: "", label: props.none }, ...props.options]}
    />
  );
}

export function ActiveCall({
  sb,
  state,
  me,
  dir,
  now,
  lines,
}: {
  sb: Switchboard;
  state: LiveState;
  me: string;
  dir: Directory;
  now: Date;
  lines: string[];
}) {
  const { t, i18n } = useTranslation();
  const call = sb.call;
  const contact: Contact | undefined = call ? state.contacts[call.id] : undefined;
  const task = call?.task ? state.tasks[call.task] : undefined;
  const line = contact?.routing.line ?? task?.routing.line;
  const colleagues = useLineColleagues(call ? line : undefined, me, state);
  const [colleague, setColleague] = useState("");
  const [typed, setTyped] = useState("");
  const [toLine, setToLine] = useState("");
  if (!call) return null;
  const v = switchboardView(call);
  const number = contact?.from_number || contact?.to_number || task?.number;
  const since = contact?.routing.accepted_at;
  const handing = sb.handingOver;
  // An outgoing call has no queue to go back to: it is handed over only after a consultation.
  const outgoing = contact?.direction === "outgoing" || !!call.task;
  const can = handing
    ? { ...v.can, hold: false, resume: false, consult: false, transfer: false }
    : outgoing
      ? { ...v.can, transfer: false }
      : v.can;
  const target: PersonTarget | undefined = typedTarget(typed) ?? (colleague ? { agent: colleague } : undefined);
  const badge = modeLabel(t, call);
  return (
    <Card
      withBorder
      shadow="sm"
      data-testid="active-call"
      data-phase={call.phase}
      data-held={call.held}
      data-mode={call.mode ?? ""}
      data-consult={v.consult?.state ?? ""}
    >
      <Group justify="space-between">
        <Title order={3} size="h4">
          {t(contact?.direction === "outgoing" ? "call.outgoing" : "call.incoming")}
          {line && ` — ${lineName(dir, line, i18n.language)}`}
        </Title>
        <Group gap="xs">
          <Badge color={badge.color} variant="filled" data-testid="call-mode">
            {badge.text}
          </Badge>
          {since && <Text className="lk-num">{formatDuration(secondsSince(since, now))}</Text>}
        </Group>
      </Group>
      <Text>{number ? t("common.number", { number }) : t("common.numberHidden")}</Text>
      <StatusLine sb={sb} dir={dir} />
      {call.failed && <Text c="red.9">{t("call.failed", { result: t(`outcome.${call.failed}`, { defaultValue: call.failed }) })}</Text>}
      {handing && (
        <Alert color="blue" mt="xs" data-testid="handing-over">
          {t("call.handingOver", { name: partyName(t, dir, handing, i18n.language) })}
        </Alert>
      )}
      {sb.error && (
        <Alert color="red" mt="xs" role="alert" withCloseButton closeButtonLabel={t("call.dismiss")} onClose={sb.clearError} data-testid="call-error">
          {sb.error}
        </Alert>
      )}
      <Group mt="sm" gap="xs">
        {v.can.resume ? (
          <Button onClick={sb.resume} disabled={!can.resume} aria-keyshortcuts="h">
            {t("call.resume")} <Kbd ml={6}>H</Kbd>
          </Button>
        ) : (
          <Button onClick={sb.hold} disabled={!can.hold} aria-keyshortcuts="h">
            {t("call.hold")} <Kbd ml={6}>H</Kbd>
          </Button>
        )}
        <Button variant="outline" onClick={() => sb.control("swap")} disabled={!can.swap} aria-keyshortcuts="s">
          {v.talkingTo === "caller" ? t("call.swapToConsulted") : t("call.swapToCaller")} <Kbd ml={6}>S</Kbd>
        </Button>
        <Button variant="outline" onClick={() => sb.control("complete-transfer")} disabled={!can.completeTransfer} aria-keyshortcuts="t">
          {t("call.completeTransfer")} <Kbd ml={6}>T</Kbd>
        </Button>
        <Button variant="outline" onClick={() => sb.control("conference")} disabled={!can.conference} aria-keyshortcuts="f">
          {t("call.conference")} <Kbd ml={6}>F</Kbd>
        </Button>
        <Button variant="outline" color="red.9" onClick={() => sb.control("cancel-consult")} disabled={!can.cancelConsult} aria-keyshortcuts="x">
          {t("call.cancelConsult")} <Kbd ml={6}>X</Kbd>
        </Button>
        <Button color="red.9" onClick={sb.hangUp} disabled={!!handing} aria-keyshortcuts="e">
          {t("call.hangUp")} <Kbd ml={6}>E</Kbd>
        </Button>
      </Group>
      <Group mt="sm" align="flex-end" gap="xs">
        <Choice
          label={t("call.colleague")}
          none={t("call.chooseColleague")}
          value={colleague}
          onChange={setColleague}
          options={colleagues.map((p) => ({
            value: p.agent,
            label: `${agentName(dir, p.agent)} (${t(`presence.${shownStatus(p.state)}`)})`,
          }))}
        />
        <TextInput
          label={t("call.extensionOrNumber")}
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          maxLength={32}
          inputMode="tel"
          w={230}
        />
        <Button disabled={!can.consult || !target} onClick={() => target && sb.consult(target)} data-testid="consult">
          {t("call.consult")}
        </Button>
        <Button variant="outline" disabled={!can.transfer || !target} onClick={() => target && sb.transfer(target)}>
          {t("call.transferBlind")}
        </Button>
        <Choice
          label={t("call.transferTo")}
          none={t("call.chooseLine")}
          value={toLine}
          onChange={setToLine}
          options={lines.map((l) => ({ value: l, label: lineName(dir, l, i18n.language) }))}
        />
        <Button disabled={!can.consult || !toLine} onClick={() => sb.consult({ line: toLine })} data-testid="consult-line">
          {t("call.consultLine")}
        </Button>
        <Button variant="outline" disabled={!can.transfer || !toLine} onClick={() => sb.transfer({ line: toLine })}>
          {t("call.transfer")}
        </Button>
      </Group>
      {outgoing && v.can.transfer && (
        <Text size="sm" mt={4}>
          {t("call.outgoingNoBlind")}
        </Text>
      )}
    </Card>
  );
}
