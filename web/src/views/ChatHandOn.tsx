// Handing a chat on (docs/chat.md, "Transfer and invite"). In a chat's tab: for its holder, a
// form to transfer it to a service's queue or to a colleague, or to invite a colleague, with
// who is asked and who said no; for an invited colleague, who holds it and leaving it. Beside
// the chats: the questions colleagues ask this professional, to accept or decline.
import { useState } from "react";
import { Alert, Button, Card, Group, NativeSelect, Stack, Text, Title } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import type { Chats } from "../live/useChats";
import type { AgentChat } from "../state/chats";
import { agentName, type Directory, lineName } from "./common";

// A refusal as the professional reads it: the code's sentence, else the server's words.
function refusal(e: unknown, t: TFunction): string {
  if (e instanceof ApiError) return t(`handOn.refused.${e.code}`, { defaultValue: e.message });
  return e instanceof Error ? e.message : String(e);
}

export function ChatHandOn({ c, chats, dir }: { c: AgentChat; chats: Chats; dir: Directory }) {
  const { t, i18n } = useTranslation();
  const [target, setTarget] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (c.state === "ended") return null;
  const others = c.colleagues.filter((a) => a !== chats.me);
  const names = others.map((a) => agentName(dir, a)).join(", ");
  if (c.holder !== chats.me) {
    return (
      <Group justify="space-between" mb="xs" data-testid="desk-chat-invited">
        <Text size="sm">{t("handOn.invited", { name: agentName(dir, c.holder ?? undefined) })}</Text>
        <Button
          size="xs"
          variant="outline"
          onClick={() => chats.leave(c.id).catch((e: unknown) => setProblem(refusal(e, t)))}
          data-testid="desk-chat-leave"
        >
          {t("handOn.leave")}
        </Button>
        {problem && (
          <Text size="sm" c="red.9" role="alert">
            {problem}
          </Text>
        )}
      </Group>
    );
  }
  const lines = Object.values(dir.lines)
    .filter((l) => l.channels?.includes("chat"))
    .map((l) => ({ value: `line:${l.id}`, label: lineName(dir, l.id, i18n.language) }));
  const colleagues = Object.values(dir.agents)
    .filter((a) => a.id !== chats.me)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((a) => ({ value: `agent:${a.id}`, label: a.name }));
  const [kind, id] = target.split(":") as ["line" | "agent" | "", string];
  const go = async (invite: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      if (kind === "line") await chats.transferToLine(c.id, id);
      else await chats.askColleague(c.id, id, invite);
      setTarget("");
    } catch (e) {
      setProblem(refusal(e, t));
    } finally {
      setBusy(false);
    }
  };
  const answer = c.answer
    ? t(c.answer.invite ? "handOn.declinedInvite" : "handOn.declined", {
        name: c.answer.name,
        reason: t(`handOn.reason.${c.answer.reason}`, { defaultValue: c.answer.reason }),
      })
    : null;
  return (
    <Stack gap={4} mb="xs" data-testid="desk-chat-hand-on">
      {others.length > 0 && (
        <Text size="sm" data-testid="desk-chat-colleagues">
          {t("handOn.withYou", { names })}
        </Text>
      )}
      <div role="status" aria-live="polite">
        {c.asked && (
          <Text size="sm" data-testid="desk-chat-asking">
            {t("handOn.asking", { name: agentName(dir, c.asked.agent) })}
          </Text>
        )}
        {answer && (
          <Text size="sm" data-testid="desk-chat-answer">
            {answer}
          </Text>
        )}
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void go(false);
        }}
        aria-label={t("handOn.title")}
      >
        <Group align="flex-end" gap="xs">
          <NativeSelect
            size="xs"
            label={t("handOn.target")}
            description={t("handOn.targetHint")}
            value={target}
            onChange={(e) => {
              // A refusal was about the target chosen before.
              setTarget(e.currentTarget.value);
              setProblem(null);
            }}
            data={[
              { value: "", label: "—" },
              { group: t("handOn.lines"), items: lines },
              { group: t("handOn.colleagues"), items: colleagues },
            ]}
            data-testid="desk-chat-hand-on-target"
          />
          <Button size="xs" type="submit" disabled={!target || busy || !!c.asked} data-testid="desk-chat-transfer">
            {t("handOn.transfer")}
          </Button>
          <Button
            size="xs"
            variant="outline"
            disabled={kind !== "agent" || busy || !!c.asked}
            title={kind === "line" ? t("handOn.inviteLine") : undefined}
            onClick={() => void go(true)}
            data-testid="desk-chat-invite"
          >
            {t("handOn.invite")}
          </Button>
        </Group>
      </form>
      {problem && (
        <Text size="sm" c="red.9" role="alert" data-testid="desk-chat-hand-on-problem">
          {problem}
        </Text>
      )}
    </Stack>
  );
}

// What colleagues ask this professional: a chat to take, or to join.
export function ChatAsks({ chats, dir }: { chats: Chats; dir: Directory }) {
  const { t, i18n } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const asks = chats.state.asks;
  if (asks.length === 0 && !problem) return null;
  return (
    <Card withBorder shadow="sm" component="section" aria-labelledby="chat-asks-title" data-testid="chat-asks">
      <Title order={3} size="h4" id="chat-asks-title" mb="xs">
        {t("handOn.asks")}
      </Title>
      {problem && (
        <Alert color="red" role="alert" mb="xs">
          {problem}
        </Alert>
      )}
      <Stack gap="xs">
        {asks.map((a) => (
          <Group key={a.chatId} justify="space-between" data-testid="chat-ask" data-chat={a.chatId} data-invite={a.invite}>
            <Text size="sm">{t(a.invite ? "handOn.askInvite" : "handOn.askTransfer", { from: a.from, line: lineName(dir, a.line, i18n.language) })}</Text>
            <Group gap="xs">
              <Button
                size="xs"
                onClick={() => {
                  setProblem(null);
                  chats.answerColleague(a.chatId, true).catch((e: unknown) => setProblem(refusal(e, t)));
                }}
                data-testid="chat-ask-accept"
              >
                {t("handOn.accept")}
              </Button>
              <Button
                size="xs"
                variant="outline"
                onClick={() => {
                  setProblem(null);
                  chats.answerColleague(a.chatId, false).catch((e: unknown) => setProblem(refusal(e, t)));
                }}
                data-testid="chat-ask-decline"
              >
                {t("handOn.decline")}
              </Button>
            </Group>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
