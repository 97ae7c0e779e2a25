// The supervisor's live view: per line what waits now and today's figures, open callbacks
// by due time, and agents by state with their time in it; with the actions supervisors
// have (set an agent away, take a task back, give it to another agent).
import { useState } from "react";
import { Alert, Button, Card, Group, NativeSelect, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { post, put } from "../api/client";
import type { PresenceStatus, Task } from "../api/types";
import { useLive } from "../live/useLive";
import { useServiceLevels } from "../live/useServiceLevels";
import { type LineServiceLevel, serviceLevelText } from "../state/admin";
import { lineFigures, type LiveState } from "../state/live";
import { formatDateTime, formatDuration, secondsSince } from "../state/time";
import { act, agentName, type Directory, lineName, useDirectory, useNow } from "./common";
import { dueClass, StatusBadge } from "./Desktop";
import { Shell, type ShellProps } from "./Shell";
import { Toasts } from "./toast";
import { shownStatus } from "../state/presence";

function Lines({ state, dir, now, levels }: { state: LiveState; dir: Directory; now: Date; levels: Record<string, LineServiceLevel> }) {
  const { t, i18n } = useTranslation();
  const figures = lineFigures(state, Object.keys(dir.lines), now);
  return (
    <Card withBorder component="section" aria-labelledby="lines-title">
      <Title order={2} size="h3" id="lines-title" mb="xs">
        {t("supervisor.lines")}
      </Title>
      <Table striped data-testid="lines-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("tasks.line")}</Table.Th>
            <Table.Th ta="right">{t("supervisor.waitingNow")}</Table.Th>
            <Table.Th ta="right">{t("supervisor.longestWait")}</Table.Th>
            <Table.Th ta="right">{t("supervisor.offeredToday")}</Table.Th>
            <Table.Th ta="right">{t("supervisor.answeredToday")}</Table.Th>
            <Table.Th ta="right">{t("supervisor.abandonedToday")}</Table.Th>
            <Table.Th ta="right">{t("admin.serviceLevel")}</Table.Th>
            <Table.Th ta="right">{t("supervisor.openCallbacks")}</Table.Th>
            <Table.Th ta="right">{t("supervisor.overdue")}</Table.Th>
            <Table.Th>{t("supervisor.nextDue")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {figures.map((f) => (
            <Table.Tr key={f.line} data-line={f.line}>
              <Table.Th scope="row">{lineName(dir, f.line, i18n.language)}</Table.Th>
              <Table.Td ta="right" className="lk-num" data-testid="waiting" fw={f.waiting > 0 ? 700 : undefined}>
                {f.waiting}
              </Table.Td>
              <Table.Td ta="right" className="lk-num">
                {f.longestSince ? formatDuration(secondsSince(f.longestSince, now)) : "—"}
              </Table.Td>
              <Table.Td ta="right" className="lk-num" data-testid="offered">{f.today.offered}</Table.Td>
              <Table.Td ta="right" className="lk-num" data-testid="answered">{f.today.answered}</Table.Td>
              <Table.Td ta="right" className="lk-num" data-testid="abandoned">{f.today.abandoned}</Table.Td>
              <Table.Td ta="right" className="lk-num" data-testid="service-level">
                {serviceLevelText(levels[f.line], i18n.language)}
                {levels[f.line] && (
                  <Text span size="xs" c="gray.7" display="block">
                    {t("admin.serviceLevelTarget", { target: levels[f.line].target_s })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" className="lk-num" data-testid="open-callbacks">{f.openTasks}</Table.Td>
              <Table.Td ta="right" className={`lk-num ${f.overdueTasks > 0 ? "lk-overdue" : ""}`}>{f.overdueTasks}</Table.Td>
              <Table.Td className={dueClass(f.nextDue, now)}>{formatDateTime(f.nextDue, i18n.language) || "—"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function Agents({ state, dir, now }: { state: LiveState; dir: Directory; now: Date }) {
  const { t } = useTranslation();
  const order: PresenceStatus[] = ["available", "busy", "wrap_up", "break", "offline"];
  const agents = Object.keys(dir.agents)
    .map((id) => ({ id, presence: state.presence[id] }))
    .sort(
      (a, b) =>
        order.indexOf(a.presence?.state.status ?? "offline") - order.indexOf(b.presence?.state.status ?? "offline") ||
        agentName(dir, a.id).localeCompare(agentName(dir, b.id)),
    );
  const byState = order.map((s) => ({ s, n: agents.filter((a) => (a.presence?.state.status ?? "offline") === s).length }));
  return (
    <Card withBorder component="section" aria-labelledby="agents-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3" id="agents-title">
          {t("supervisor.agents")}
        </Title>
        <Group gap="xs" data-testid="agents-by-state">
          {byState.map(({ s, n }) => (
            <Text key={s} size="sm">
              {t(`presence.${s}`)}: <b>{n}</b>
            </Text>
          ))}
        </Group>
      </Group>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("supervisor.agent")}</Table.Th>
            <Table.Th>{t("supervisor.state")}</Table.Th>
            <Table.Th>{t("supervisor.timeInState")}</Table.Th>
            <Table.Th>{t("supervisor.actions")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {agents.map(({ id, presence }) => {
            const status = shownStatus(presence?.state);
            return (
              <Table.Tr key={id} data-agent={id} data-status={status}>
                <Table.Th scope="row">{agentName(dir, id)}</Table.Th>
                <Table.Td>
                  <StatusBadge status={status} />
                </Table.Td>
                <Table.Td className="lk-num">{presence?.state.since ? formatDuration(secondsSince(presence.state.since, now)) : "—"}</Table.Td>
                <Table.Td>
                  {status === "available" && (
                    <Button
                      size="xs"
                      variant="outline"
                      aria-label={t("supervisor.setAwayOf", { name: agentName(dir, id) })}
                      onClick={() =>
                        act(
                          () => put(`/api/v1/agents/${encodeURIComponent(id)}/presence`, { status: "break", reason: "supervisor" }),
                          t("presence.failed"),
                        )
                      }
                    >
                      {t("supervisor.setAway")}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function Reassign({ task, dir }: { task: Task; dir: Directory }) {
  const { t } = useTranslation();
  const [to, setTo] = useState("");
  const id = encodeURIComponent(task.id);
  const holder = task.routing.state === "active" ? task.routing.agent : undefined;
  const assign = () =>
    act(async () => {
      if (holder) await post(`/api/v1/tasks/${id}/release`, { agent: holder });
      await post(`/api/v1/tasks/${id}/claim`, { agent: to });
    }, t("supervisor.assignFailed"));
  return (
    <Group gap="xs" wrap="nowrap">
      {holder && (
        <Button size="xs" variant="outline" onClick={() => act(() => post(`/api/v1/tasks/${id}/release`, { agent: holder }), t("tasks.releaseFailed"))}>
          {t("supervisor.takeBack")}
        </Button>
      )}
      <NativeSelect
        size="xs"
        aria-label={t("supervisor.assignTo")}
        value={to}
        onChange={(e) => setTo(e.currentTarget.value)}
        data={[{ value: "", label: t("supervisor.assignTo") }, ...Object.values(dir.agents).filter((a) => a.id !== holder).map((a) => ({ value: a.id, label: a.name }))]}
      />
      <Button size="xs" disabled={!to} onClick={assign}>
        {t("supervisor.assign")}
      </Button>
    </Group>
  );
}

function Callbacks({ state, dir, now }: { state: LiveState; dir: Directory; now: Date }) {
  const { t, i18n } = useTranslation();
  const tasks = Object.values(state.tasks).sort((a, b) => (a.due_at ?? "").localeCompare(b.due_at ?? ""));
  return (
    <Card withBorder component="section" aria-labelledby="callbacks-title">
      <Title order={2} size="h3" id="callbacks-title" mb="xs">
        {t("supervisor.callbacks")}
      </Title>
      {tasks.length === 0 ? (
        <Text c="gray.7">{t("tasks.none")}</Text>
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("tasks.due")}</Table.Th>
              <Table.Th>{t("tasks.line")}</Table.Th>
              <Table.Th>{t("tasks.waiting")}</Table.Th>
              <Table.Th>{t("tasks.attempts")}</Table.Th>
              <Table.Th>{t("tasks.state")}</Table.Th>
              <Table.Th>{t("supervisor.actions")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tasks.map((task) => (
              <Table.Tr key={task.id} data-task={task.id}>
                <Table.Td className={dueClass(task.due_at, now)}>{formatDateTime(task.due_at, i18n.language)}</Table.Td>
                <Table.Td>{lineName(dir, task.routing.line, i18n.language)}</Table.Td>
                <Table.Td className="lk-num">{formatDuration(secondsSince(task.routing.created_at, now))}</Table.Td>
                <Table.Td className="lk-num">{task.attempts?.length ?? 0}</Table.Td>
                <Table.Td>
                  {t(`itemState.${task.routing.state}`)}
                  {task.routing.agent && ` · ${agentName(dir, task.routing.agent)}`}
                </Table.Td>
                <Table.Td>
                  <Reassign task={task} dir={dir} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

export function Supervisor(props: ShellProps) {
  const { t } = useTranslation();
  const dir = useDirectory();
  const now = useNow();
  const live = useLive({ agent: null, today: true });
  const figures = lineFigures(live.state, Object.keys(dir.lines), now);
  const waiting = figures.reduce((n, f) => n + f.waiting, 0);
  const open = figures.reduce((n, f) => n + f.openTasks, 0);
  const overdue = figures.reduce((n, f) => n + f.overdueTasks, 0);
  const levels = useServiceLevels(figures.reduce((n, f) => n + f.today.answered, 0));
  const counts = (
    <>
      <span data-testid="count-waiting" style={{ display: "contents" }}>
        <Text fw={700}>{t("counts.waiting", { count: waiting })}</Text>
      </span>
      <Text>{t("counts.callbacks", { count: open })}</Text>
      {overdue > 0 && <Text fw={700}>{t("counts.overdue", { count: overdue })}</Text>}
    </>
  );
  return (
    <Shell {...props} status={live.status} downSince={live.downSince} counts={counts}>
      <Toasts />
      <main id="main" className="lk-sup" aria-busy={live.loading}>
        {live.error && <Alert color="red" role="alert">{t("common.loadFailed", { error: live.error })}</Alert>}
        <Lines state={live.state} dir={dir} now={now} levels={levels} />
        <Agents state={live.state} dir={dir} now={now} />
        <Callbacks state={live.state} dir={dir} now={now} />
      </main>
    </Shell>
  );
}
