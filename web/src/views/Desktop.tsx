// The professional's desktop: offered work with a countdown, the call or task in hand with
// its controls, the callback tasks of the person's own lines, and colleagues' presence.
import { useEffect, useMemo, useRef, useState } from "react";
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Kbd,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import { post, put } from "../api/client";
import type { LuukkuEvent, Presence, PresenceStatus, Task } from "../api/types";
import { loadNotifySettings, notifyNewWork } from "../live/notify";
import { useLive } from "../live/useLive";
import {
  activeContactsOf,
  type CallState,
  callOf,
  heldTasksOf,
  lineFigures,
  type LiveState,
  type Offer,
  offersTo,
  switchboardView,
  type SwitchboardView,
} from "../state/live";
import { colleagueGroups } from "../state/colleagues";
import { formatDateTime, formatDuration, formatTime, secondsSince } from "../state/time";
import { act, agentName, type Directory, lineName, typingIn, useDirectory, useNow } from "./common";
import { Shell, type ShellProps } from "./Shell";
import { ActiveCall, type Switchboard, useSwitchboard } from "./Switchboard";
import { useBrowserPhone } from "../phone/useBrowserPhone";
import { PhoneBadge, PhoneCard } from "./PhonePanel";
import { CustomerCard } from "./CustomerCard";
import { ChatPanel } from "./ChatPanel";
import { ChatAsks } from "./ChatHandOn";
import { useChats } from "../live/useChats";
import { notifications, Toasts } from "./toast";
import { GOOD, WARN } from "./colors";
import { shownChoice, shownStatus } from "../state/presence";

const NEAR_DUE_S = 30 * 60;

export function dueClass(due: string | undefined, now: Date): string | undefined {
  if (!due) return undefined;
  const left = (new Date(due).getTime() - now.getTime()) / 1000;
  if (left < 0) return "lk-overdue";
  if (left < NEAR_DUE_S) return "lk-near-due";
  return undefined;
}

function Due({ due, now }: { due?: string; now: Date }) {
  const { t, i18n } = useTranslation();
  const cls = dueClass(due, now);
  if (!due) return null;
  return (
    <span className={cls} data-due={cls ?? "later"} style={{ whiteSpace: "nowrap" }}>
      {formatDateTime(due, i18n.language)}
      {cls === "lk-overdue" && ` (${t("tasks.overdue")})`}
      {cls === "lk-near-due" && ` (${t("tasks.nearDue")})`}
    </span>
  );
}

function VoiceMessage({ task }: { task: Task }) {
  const { t } = useTranslation();
  if (!task.voice_message) return <Text size="sm" c="gray.7">—</Text>;
  return (
    <audio
      controls
      preload="none"
      aria-label={t("tasks.voiceMessageOf", { number: task.number ?? "" })}
      src={`/api/v1/telephony/voice-messages/${encodeURIComponent(task.voice_message)}`}
    />
  );
}

function Attempts({ task, dir }: { task: Task; dir: Directory }) {
  const { t, i18n } = useTranslation();
  const attempts = task.attempts ?? [];
  if (attempts.length === 0) return <Text size="sm">{t("tasks.noAttempts")}</Text>;
  return (
    <Stack gap={0}>
      {attempts.map((a) => (
        <Text size="sm" key={`${a.at}-${a.outcome}`}>
          {formatDateTime(a.at, i18n.language)} · {t(`outcome.${a.outcome}`, { defaultValue: a.outcome })} ·{" "}
          {agentName(dir, a.agent)}
        </Text>
      ))}
    </Stack>
  );
}

function OfferCard({ offer, dir, now, me, first }: { offer: Offer; dir: Directory; now: Date; me: string; first: boolean }) {
  const { t, i18n } = useTranslation();
  const left = offer.expiresAt ? Math.max(0, -secondsSince(offer.expiresAt, now)) : undefined;
  const number = offer.contact?.from_number || offer.task?.number;
  const chat = offer.contact?.routing.channel === "chat";
  const respond = (how: "accept" | "decline") =>
    act(() => post(`/api/v1/agents/${encodeURIComponent(me)}/offers/${how}`, offer.item), t(`offer.${how}Failed`));
  return (
    <Card withBorder shadow="sm" data-testid="offer" data-item={offer.item.id} data-channel={offer.contact?.routing.channel} bg="yellow.0">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={3} size="h4">
            {t(chat ? "offer.chat" : offer.item.kind === "contact" ? "offer.call" : "offer.task")} —{" "}
            {lineName(dir, offer.line, i18n.language)}
          </Title>
          <Text>{chat ? t("offer.chatWaiting") : number ? t("common.from", { number }) : t("common.numberHidden")}</Text>
        </div>
        {left !== undefined && (
          <Badge size="lg" color={WARN} variant="filled" className="lk-num" aria-live="off">
            {t("offer.secondsLeft", { count: Math.ceil(left) })}
          </Badge>
        )}
      </Group>
      <Group mt="sm">
        <Button color={GOOD} onClick={() => respond("accept")} aria-keyshortcuts={first ? "a" : undefined}>
          {t("offer.accept")} {first && <Kbd ml={6}>A</Kbd>}
        </Button>
        <Button variant="outline" color="red.9" onClick={() => respond("decline")} aria-keyshortcuts={first ? "d" : undefined}>
          {t("offer.decline")} {first && <Kbd ml={6}>D</Kbd>}
        </Button>
      </Group>
    </Card>
  );
}

function HeldTask({ task, me, dir, now, first }: { task: Task; me: string; dir: Directory; now: Date; first: boolean }) {
  const { t, i18n } = useTranslation();
  const [outcome, setOutcome] = useState("");
  const complete = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await act(() => post(`/api/v1/tasks/${encodeURIComponent(task.id)}/complete`, { outcome }), t("tasks.completeFailed"))) {
      setOutcome("");
    }
  };
  return (
    <Card withBorder shadow="sm" data-testid="held-task" data-task={task.id}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={3} size="h4">
            {task.routing.channel === "contact_request" ? t("tasks.contactRequest") : t("tasks.callback")} —{" "}
            {lineName(dir, task.routing.line, i18n.language)}
          </Title>
          {task.requester_name && <Text>{t("tasks.requestFrom", { name: task.requester_name })}</Text>}
          <Text>{task.number ? t("common.number", { number: task.number }) : t("common.numberHidden")}</Text>
          <Text size="sm">
            {t("tasks.due")}: <Due due={task.due_at} now={now} /> · {t("tasks.contacts")}: {task.contact_count ?? 1} ·{" "}
            {t(`reason.${task.reason}`, { defaultValue: task.reason ?? "" })}
          </Text>
        </div>
        {task.voice_message && <VoiceMessage task={task} />}
      </Group>
      {task.description && (
        <>
          <Text size="sm" fw={600} mt="xs">
            {t("tasks.requestWords")}
          </Text>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="request-words">
            {task.description}
          </Text>
        </>
      )}
      <Text size="sm" fw={600} mt="xs">
        {t("tasks.attempts")}
      </Text>
      <Attempts task={task} dir={dir} />
      <Group mt="sm">
        <Button
          color={GOOD}
          aria-keyshortcuts={first ? "c" : undefined}
          onClick={() =>
            act(() => post(`/api/v1/tasks/${encodeURIComponent(task.id)}/call-back`), t("tasks.callBackFailed"))
          }
        >
          {t("tasks.callBack")} {first && <Kbd ml={6}>C</Kbd>}
        </Button>
        <Button
          variant="outline"
          onClick={() => act(() => post(`/api/v1/tasks/${encodeURIComponent(task.id)}/release`, { agent: me }), t("tasks.releaseFailed"))}
        >
          {t("tasks.release")}
        </Button>
      </Group>
      <form onSubmit={complete}>
        <Group mt="sm" align="flex-end">
          <TextInput
            label={t("tasks.outcome")}
            description={t("tasks.outcomeHelp")}
            value={outcome}
            maxLength={200}
            onChange={(e) => setOutcome(e.currentTarget.value)}
            required
            style={{ flex: 1 }}
          />
          <Button type="submit" disabled={!outcome.trim()}>
            {t("tasks.complete")}
          </Button>
        </Group>
      </form>
    </Card>
  );
}

function TasksTable({ tasks, me, dir, now }: { tasks: Task[]; me: string; dir: Directory; now: Date }) {
  const { t, i18n } = useTranslation();
  if (tasks.length === 0) return <Text c="gray.7">{t("tasks.none")}</Text>;
  return (
    <Table striped highlightOnHover data-testid="tasks-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("tasks.number")}</Table.Th>
          <Table.Th>{t("tasks.line")}</Table.Th>
          <Table.Th>{t("tasks.contacts")}</Table.Th>
          <Table.Th>{t("tasks.waiting")}</Table.Th>
          <Table.Th>{t("tasks.due")}</Table.Th>
          <Table.Th>{t("tasks.voiceMessage")}</Table.Th>
          <Table.Th>{t("tasks.attempts")}</Table.Th>
          <Table.Th>{t("tasks.state")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {tasks.map((task) => {
          const held = task.routing.state === "active" || task.routing.state === "offered";
          return (
            <Table.Tr key={task.id} data-task={task.id}>
              <Table.Td>{task.number ?? "—"}</Table.Td>
              <Table.Td>{lineName(dir, task.routing.line, i18n.language)}</Table.Td>
              <Table.Td className="lk-num">{task.contact_count ?? 1}</Table.Td>
              <Table.Td className="lk-num">{formatDuration(secondsSince(task.routing.created_at, now))}</Table.Td>
              <Table.Td>
                <Due due={task.due_at} now={now} />
              </Table.Td>
              <Table.Td>
                <VoiceMessage task={task} />
              </Table.Td>
              <Table.Td>
                <Attempts task={task} dir={dir} />
              </Table.Td>
              <Table.Td>
                {held ? (
                  <Text size="sm">
                    {task.routing.agent === me ? t("tasks.heldByMe") : t("tasks.heldBy", { name: agentName(dir, task.routing.agent) })}
                  </Text>
                ) : (
                  <Button
                    size="xs"
                    variant="outline"
                    aria-label={t("tasks.takeNumber", { number: task.number ?? task.id })}
                    onClick={() => act(() => post(`/api/v1/tasks/${encodeURIComponent(task.id)}/claim`), t("tasks.claimFailed"))}
                  >
                    {task.routing.state === "parked" && task.next_attempt_at
                      ? t("tasks.takeParked", { time: formatTime(task.next_attempt_at, i18n.language) })
                      : t("tasks.take")}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

// The citizen's number on a call: the caller's, the one dialled, or its callback task's.
function callNumber(state: LiveState, call: CallState): string | undefined {
  const contact = state.contacts[call.id];
  const task = call.task ? state.tasks[call.task] : undefined;
  return contact?.from_number || contact?.to_number || task?.number || undefined;
}

export function StatusBadge({ status }: { status: PresenceStatus }) {
  const { t } = useTranslation();
  const color = { available: GOOD, busy: "blue.9", wrap_up: "violet.9", break: WARN, offline: "gray.7" }[status];
  return (
    <Badge color={color} variant="filled">
      {t(`presence.${status}`)}
    </Badge>
  );
}

function ColleagueRow({ p, dir, now, sb, can }: { p: Presence; dir: Directory; now: Date; sb: Switchboard; can?: SwitchboardView["can"] }) {
  const { t } = useTranslation();
  return (
    // The row wraps rather than cut the buttons or the state short in the narrow column.
    <Group justify="space-between" gap={4} data-testid="colleague" data-agent={p.agent} data-status={p.state.status}>
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Text size="sm" truncate>
          {agentName(dir, p.agent)}
        </Text>
        {can && (
          <Group gap={4} wrap="nowrap">
            {(["consult", "transfer"] as const).map((what) => (
              <Button
                key={what}
                size="compact-xs"
                variant="outline"
                disabled={!can[what]}
                aria-label={t(`colleagues.${what}`, { name: agentName(dir, p.agent) })}
                onClick={() => sb[what]({ agent: p.agent })}
              >
                {t(`call.${what}`)}
              </Button>
            ))}
          </Group>
        )}
      </Stack>
      <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
        <StatusBadge status={shownStatus(p.state)} />
        <Text size="xs" className="lk-num" w={56} ta="right">
          {p.state.since ? formatDuration(secondsSince(p.state.since, now)) : ""}
        </Text>
      </Group>
    </Group>
  );
}

// Colleagues by team (the person's own teams first), each with their presence and time in it.
function Colleagues({ state, me, dir, now, sb }: { state: LiveState; me: string; dir: Directory; now: Date; sb: Switchboard }) {
  const { t, i18n } = useTranslation();
  // One click to consult or hand the call in hand to a colleague.
  const can = sb.call && !sb.handingOver ? switchboardView(sb.call).can : undefined;
  const groups = colleagueGroups(dir.agents, state.presence, me, (id) => agentName(dir, id));
  return (
    <Card withBorder component="section" aria-labelledby="colleagues-title">
      <Title order={2} size="h4" id="colleagues-title" mb="xs">
        {t("colleagues.title")}
      </Title>
      <Stack gap="sm">
        {groups.map((g) => {
          const name = g.team ? lineName(dir, g.team, i18n.language) : t("card.noTeam");
          const id = `team-${g.team || "none"}`;
          return (
            <section key={g.team} aria-labelledby={id} data-testid="colleague-team" data-team={g.team}>
              <Title order={3} size="h6" id={id} mb={4}>
                {name}
              </Title>
              <Stack gap={6}>
                {g.people.map((p) => (
                  <ColleagueRow key={p.agent} p={p} dir={dir} now={now} sb={sb} can={can} />
                ))}
              </Stack>
            </section>
          );
        })}
        {groups.length === 0 && <Text c="gray.7">{t("colleagues.none")}</Text>}
      </Stack>
    </Card>
  );
}

function PresenceChoice({ state, me }: { state: LiveState; me: string }) {
  const { t } = useTranslation();
  const presence = state.presence[me]?.state;
  const status = shownStatus(presence);
  // What the person chose stays chosen while routing makes them busy or in wrap-up.
  const choices = ["available", "break", "offline"] as const;
  const chosen = (choices as readonly string[]).includes(shownChoice(presence) ?? "")
    ? (shownChoice(presence) as (typeof choices)[number])
    : status === "break" || status === "offline"
      ? status
      : "available";
  return (
    <Group gap="sm">
      <SegmentedControl
        aria-labelledby="presence-label"
        value={chosen}
        size="xs"
        color="blue.9"
        data={choices.map((s) => ({ value: s, label: t(`presence.choose.${s}`) }))}
        onChange={(v) =>
          act(() => put(`/api/v1/agents/${encodeURIComponent(me)}/presence`, { status: v }), t("presence.failed"))
        }
      />
      <StatusBadge status={status} />
    </Group>
  );
}

// Browsers ask for the permission only after a click: offer one while it is undecided.
function AllowNotifications({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const [permission, setPermission] = useState(() =>
    typeof Notification === "undefined" ? "denied" : Notification.permission,
  );
  if (!enabled || permission !== "default") return null;
  return (
    <Button size="xs" variant="outline" onClick={() => void Notification.requestPermission().then(setPermission)}>
      {t("settings.allowNotifications")}
    </Button>
  );
}

export function Desktop(props: ShellProps) {
  const { t, i18n } = useTranslation();
  const me = props.session.agent;
  const dir = useDirectory();
  const now = useNow();
  const [notify, setNotify] = useState(loadNotifySettings);
  const myLines = useMemo(
    () => (me ? (dir.agents[me]?.routing?.memberships ?? []).map((m) => m.line) : []),
    [dir, me],
  );
  const myLinesRef = useRef(myLines);
  myLinesRef.current = myLines;
  const notifyRef = useRef(notify);
  notifyRef.current = notify;
  // The contacts as last rendered: whether an offered contact is a chat (a contact queued in the
  // same batch as its offer is not there yet, and its notification says a call).
  const contactsRef = useRef<LiveState["contacts"]>({});

  const onEvents = (events: LuukkuEvent[]) => {
    for (const e of events) {
      const d = e.data ?? {};
      const mine = d.agent === me || d.agent_id === me || d.contact?.routing?.agent === me;
      if (e.type === "offer.made" && d.agent === me) {
        const chat = contactsRef.current[d.item.id]?.routing.channel === "chat";
        notifyNewWork(notifyRef.current, t("notify.title"), t(d.item.kind !== "contact" ? "offer.task" : chat ? "offer.chat" : "offer.call"));
      }
      if (mine && (e.type.startsWith("offer.") || e.type.startsWith("task.") || e.type.startsWith("contact.") || e.type === "call.dialled")) {
        live.refreshWork();
      }
      if (e.type === "task.created" && myLinesRef.current.includes(d.task?.routing?.line)) live.refreshTask(d.task.id);
      if (e.type === "call.transfer_failed" && d.agent_id === me) {
        notifications.show(t("call.transferFailed", { result: t(`call.consultResult.${d.result}`, { defaultValue: d.result }) }));
      }
    }
  };
  const live = useLive({ agent: me, today: false, onEvents });
  const { state } = live;
  contactsRef.current = state.contacts;
  const chats = useChats(me);

  useEffect(() => {
    if (live.status === "live") live.refreshWork(); // whatever changed while the feed was down
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live.status]);

  const offers = me ? offersTo(state, me) : [];
  const call = me ? callOf(state, me) : undefined;
  const held = me ? heldTasksOf(state, me) : [];
  const myTasks = Object.values(state.tasks)
    .filter((task) => myLines.includes(task.routing.line))
    .sort((a, b) => (a.due_at ?? "").localeCompare(b.due_at ?? ""));
  const figures = lineFigures(state, myLines, now);
  const waiting = figures.reduce((n, f) => n + f.waiting, 0);
  const longest = figures.reduce<string | undefined>((m, f) => (f.longestSince && (!m || f.longestSince < m) ? f.longestSince : m), undefined);
  const openTasks = figures.reduce((n, f) => n + f.openTasks, 0);
  const overdue = figures.reduce((n, f) => n + f.overdueTasks, 0);

  // The card of the last call stays when the call ends — through the wrap-up, until the next
  // call or until closed — so that the professional can still log the contact.
  const [lastCall, setLastCall] = useState<{ id: string; number?: string; contactId?: string }>();
  const callId = call?.id;
  const callNo = call ? callNumber(state, call) : undefined;
  const callContact = call && state.contacts[call.id] ? call.id : undefined;
  useEffect(() => {
    // What the call's last moments no longer show (its contact gone from the state) is kept.
    if (callId) {
      setLastCall((prev) => {
        const same = prev?.id === callId;
        return { id: callId, number: callNo ?? (same ? prev.number : undefined), contactId: callContact ?? (same ? prev.contactId : undefined) };
      });
    }
  }, [callId, callNo, callContact]);

  const browserPhone = useBrowserPhone(me ?? undefined);
  const sb = useSwitchboard(call, browserPhone.phone);
  const can = call && !sb.handingOver ? switchboardView(call).can : undefined;

  // Keyboard shortcuts: A accept, D decline, H hold/resume, E hang up, C call back; during a
  // consultation S swap, T complete the transfer, F conference, X cancel the consultation.
  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    if (!me || e.altKey || e.ctrlKey || e.metaKey || typingIn(e.target)) return;
    const key = e.key.toLowerCase();
    const offer = offers[0];
    if (key === "a" && offer) void act(() => post(`/api/v1/agents/${encodeURIComponent(me)}/offers/accept`, offer.item), t("offer.acceptFailed"));
    else if (key === "d" && offer) void act(() => post(`/api/v1/agents/${encodeURIComponent(me)}/offers/decline`, offer.item), t("offer.declineFailed"));
    else if (key === "h" && can?.resume) sb.resume();
    else if (key === "h" && can?.hold) sb.hold();
    else if (key === "e" && call && !sb.handingOver) sb.hangUp();
    else if (key === "s" && can?.swap) sb.control("swap");
    else if (key === "t" && can?.completeTransfer) sb.control("complete-transfer");
    else if (key === "f" && can?.conference) sb.control("conference");
    else if (key === "x" && can?.cancelConsult) sb.control("cancel-consult");
    else if (key === "c" && held[0] && !call) void act(() => post(`/api/v1/tasks/${encodeURIComponent(held[0].id)}/call-back`), t("tasks.callBackFailed"));
    else return;
    e.preventDefault();
  };
  useEffect(() => {
    const h = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener("keydown", h);
    return () => window.removeEventListener("keydown", h);
  }, []);

  const counts = (
    <>
      <Badge size="lg" color={waiting > 0 ? WARN : "dark.6"} variant="filled" data-testid="count-waiting">
        {t("counts.waiting", { count: waiting })}
        {longest && ` · ${formatDuration(secondsSince(longest, now))}`}
      </Badge>
      <Badge size="lg" color="dark.6" variant="filled" data-testid="count-tasks">
        {t("counts.callbacks", { count: openTasks })}
      </Badge>
      {overdue > 0 && (
        <Badge size="lg" color="red.9" variant="filled" data-testid="count-overdue">
          {t("counts.overdue", { count: overdue })}
        </Badge>
      )}
    </>
  );

  return (
    <Shell
      {...props}
      status={live.status}
      downSince={live.downSince}
      counts={counts}
      presence={
        me ? (
          <>
            <PresenceChoice state={state} me={me} />
            <PhoneBadge phone={browserPhone} />
            <AllowNotifications enabled={notify.notifications} />
          </>
        ) : undefined
      }
      notify={notify}
      onNotify={setNotify}
    >
      <Toasts />
      <main id="main" className="lk-main" aria-busy={live.loading}>
        {!me ? (
          <Alert color="blue" title={t("desktop.noAgentTitle")}>
            {t("desktop.noAgent")}
          </Alert>
        ) : (
          <>
            <Stack>
              {live.error && <Alert color="red" role="alert">{t("common.loadFailed", { error: live.error })}</Alert>}
              <section aria-labelledby="work-title">
                <Title order={2} size="h3" id="work-title" mb="xs">
                  {t("desktop.work")}
                </Title>
                <Stack>
                  <PhoneCard phone={browserPhone} />
                  {offers.map((o, i) => (
                    <OfferCard key={`${o.item.kind}/${o.item.id}`} offer={o} dir={dir} now={now} me={me} first={i === 0} />
                  ))}
                  <ChatAsks chats={chats} dir={dir} />
                  <ChatPanel chats={chats} dir={dir} />
                  <ActiveCall sb={sb} state={state} me={me} dir={dir} now={now} lines={myLines} />
                  {/* One element for the call in hand and, once it ended, the same card kept: what is typed in its form stays. */}
                  {call
                    ? !sb.handingOver && <CustomerCard key={call.id} number={callNo} contactId={callContact} dir={dir} />
                    : !held[0] &&
                      lastCall && (
                        <CustomerCard
                          key={lastCall.id}
                          number={lastCall.number}
                          contactId={lastCall.contactId}
                          dir={dir}
                          ended
                          onClose={() => setLastCall(undefined)}
                        />
                      )}
                  {held.map((task, i) => (
                    <HeldTask key={task.id} task={task} me={me} dir={dir} now={now} first={i === 0} />
                  ))}
                  {!call && held[0] && <CustomerCard number={held[0].number} dir={dir} />}

                  {offers.length === 0 && !call && held.length === 0 && activeContactsOf(state, me).length === 0 &&
                    chats.state.order.length === 0 &&
                    browserPhone.state.status !== "ringing" && browserPhone.state.status !== "incall" && (
                    <Text c="gray.7" data-testid="no-work">
                      {t("desktop.noWork")}
                    </Text>
                  )}
                </Stack>
              </section>
              <section aria-labelledby="tasks-title">
                <Title order={2} size="h3" id="tasks-title" mb="xs">
                  {t("tasks.title")}
                </Title>
                <TasksTable tasks={myTasks} me={me} dir={dir} now={now} />
              </section>
              <Text size="xs" c="gray.7">
                {t("desktop.shortcuts")}
              </Text>
            </Stack>
            <aside aria-label={t("colleagues.title")}>
              <Colleagues state={state} me={me} dir={dir} now={now} sb={sb} />
              <Text size="xs" c="gray.7" mt="xs">
                {t("desktop.lines", { lines: myLines.map((l) => lineName(dir, l, i18n.language)).join(", ") })}
              </Text>
            </aside>
          </>
        )}
      </main>
    </Shell>
  );
}
