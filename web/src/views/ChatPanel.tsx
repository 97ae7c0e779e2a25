// The professional's chats beside the work in hand: one tab per chat (routing offers up to
// three at once) with its unread count, the conversation (text shown as text, never HTML), the
// visitor's typing and read marks, the message field (Enter sends), ending the chat and, once
// it has ended, completing the contact (the wrap-up follows as after a call). Beside each
// conversation, its customer card (ChatCard), where the contact is logged.
import { useEffect, useRef, useState } from "react";
import { Alert, Badge, Button, Card, Group, Tabs, Text, Textarea, Title } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { enterSends } from "../chat/keys";
import { type ChatMessage, lastSeqFrom, MAX_TEXT } from "../chat/protocol";
import type { Chats } from "../live/useChats";
import { type AgentChat, chatTabs, unreadOf } from "../state/chats";
import { formatTime } from "../state/time";
import { ChatIdentity } from "./ChatIdentity";
import { ChatAttachmentButton, ChatAttachmentView } from "./ChatAttachment";
import { act, type Directory, lineName } from "./common";
import { GOOD, WARN } from "./colors";
import { ChatCard } from "./ChatCard";
import { ChatPath } from "./ChatPath";
import { ChatHandOn } from "./ChatHandOn";

const TYPING_SHOWN_MS = 5000;

function visitorLabel(c: AgentChat, t: TFunction): string {
  return c.visitorName || t("chat.visitor");
}

function Message({ m, c, lastRead }: { m: ChatMessage; c: AgentChat; lastRead?: number }) {
  const { t, i18n } = useTranslation();
  // With a colleague in the chat, each professional's message names its writer.
  const shared = c.colleagues.length > 0;
  const who =
    m.from === "visitor"
      ? visitorLabel(c, t)
      : m.from === "professional"
        ? shared && m.name
          ? m.name
          : t("chat.you")
        : t("chat.system");
  return (
    <li className={`lk-chat-msg lk-chat-msg-${m.from}`} data-testid="desk-chat-message" data-seq={m.seq} data-from={m.from}>
      <Text size="xs" c="gray.7" component="span">
        {who} <time dateTime={m.time}>{formatTime(m.time, i18n.language)}</time>
      </Text>
      <Text component="span" className="lk-chat-text">
        {m.text}
      </Text>
      {m.attachment && <ChatAttachmentView chatId={c.id} file={m.attachment} />}
      {m.seq === lastRead && (
        <Text size="xs" c="gray.7" component="span" ta="right" data-testid="desk-chat-read">
          {t("chat.read")}
        </Text>
      )}
    </li>
  );
}

function Conversation({ c, chats, shown, dir }: { c: AgentChat; chats: Chats; shown: boolean; dir: Directory }) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState("");
  const [now, setNow] = useState(() => Date.now());
  const end = useRef<HTMLDivElement>(null);
  const ended = c.state === "ended";
  const count = c.messages.length + c.pending.length;
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "nearest" });
  }, [count, shown]);
  // The typing note fades by itself.
  useEffect(() => {
    if (c.visitorTypingAt === null) return;
    const id = setTimeout(() => setNow(Date.now()), TYPING_SHOWN_MS);
    setNow(Date.now());
    return () => clearTimeout(id);
  }, [c.visitorTypingAt]);
  // What the visitor wrote is read once its tab is shown and the page is in view.
  const lastFromVisitor = lastSeqFrom(c.messages, "visitor");
  useEffect(() => {
    const mark = () => {
      if (shown && document.visibilityState === "visible" && lastFromVisitor > c.readUpTo) chats.read(c.id, lastFromVisitor);
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown, lastFromVisitor, c.readUpTo, c.id]);

  const typing = c.visitorTypingAt !== null && now - c.visitorTypingAt < TYPING_SHOWN_MS && !ended;
  const lastRead = [...c.messages].reverse().find((m) => m.from === "professional" && m.seq <= c.visitorReadUpTo)?.seq;
  const tooLong = [...text.trim()].length > MAX_TEXT;
  const submit = () => {
    if (!tooLong && chats.send(c.id, text)) setText("");
  };
  return (
    <div data-testid="desk-chat" data-chat={c.id} data-state={c.state}>
      <Group justify="space-between" mb="xs">
        <Text size="sm">
          {t("chat.line", { line: lineName(dir, c.line, i18n.language) })} · {t("chat.startedAt", { time: formatTime(c.startedAt, i18n.language) })}
        </Text>
        {!ended && (
          <Badge color={c.connected ? GOOD : WARN} variant="filled" data-testid="desk-chat-connected" data-connected={c.connected}>
            {c.connected ? t("chat.connected") : t("chat.disconnected")}
          </Badge>
        )}
      </Group>
      <ChatHandOn c={c} chats={chats} dir={dir} />
      <ChatIdentity c={c} />
      <ChatPath path={c.path} />
      {/* New messages are read out as they come (role log is a polite live region). */}
      <div
        className="lk-chat-scroll"
        tabIndex={0}
        role="log"
        aria-relevant="additions"
        aria-label={t("chat.conversationWith", { name: visitorLabel(c, t) })}
      >
        <ol className="lk-chat-list">
          {c.messages.map((m) => (
            <Message key={m.seq} m={m} c={c} lastRead={lastRead} />
          ))}
          {c.pending.map((p) => (
            <li key={p.client_id} className="lk-chat-msg lk-chat-msg-professional lk-chat-msg-pending" data-testid="desk-chat-pending">
              <Text size="xs" c="gray.7" component="span">
                {t("chat.you")} · {t("chat.sending")}
              </Text>
              <Text component="span" className="lk-chat-text">
                {p.text}
              </Text>
            </li>
          ))}
          {c.failed.map((p) => (
            <li key={p.client_id} className="lk-chat-msg lk-chat-msg-professional lk-chat-msg-failed">
              <Text component="span" className="lk-chat-text">
                {p.text}
              </Text>
              <Text size="xs" c="red.9" component="span" role="alert">
                {t("chat.refused", { reason: p.code })}
              </Text>
            </li>
          ))}
        </ol>
        <div ref={end} />
      </div>
      <Text size="sm" c="gray.7" mih="1.5em" role="status" data-testid="desk-chat-typing">
        {typing ? t("chat.typing", { name: visitorLabel(c, t) }) : ""}
      </Text>
      {ended ? (
        <Alert color="blue" mt="xs" title={t("chat.ended")} data-testid="desk-chat-ended">
          <Text size="sm">{t(`chat.endedBy.${c.endedBy ?? "system"}`, { defaultValue: t("chat.endedBy.system") })}</Text>
          {c.holder === chats.me ? (
            <>
              <Text size="sm">{t("chat.completeHelp")}</Text>
              <Button mt="xs" onClick={() => act(() => chats.complete(c.id), t("chat.completeFailed"))}>
                {t("chat.complete")}
              </Button>
            </>
          ) : (
            <Button mt="xs" variant="outline" onClick={() => chats.dismiss(c.id)}>
              {t("handOn.close")}
            </Button>
          )}
        </Alert>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Textarea
            label={t("chat.message")}
            description={t("chat.hint")}
            error={tooLong ? t("chat.tooLong", { max: MAX_TEXT }) : undefined}
            autosize
            minRows={2}
            maxRows={6}
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              chats.typing(c.id);
            }}
            onKeyDown={enterSends(submit)}
            data-testid="desk-chat-input"
          />
          <Group mt="xs" justify="space-between">
            <Group gap="xs">
              <Button type="submit" disabled={!text.trim() || tooLong}>
                {t("chat.send")}
              </Button>
              <ChatAttachmentButton chatId={c.id} />
            </Group>
            {c.holder === chats.me && (
              <Button variant="outline" color="red.9" onClick={() => act(() => chats.end(c.id), t("chat.endFailed"))}>
                {t("chat.end")}
              </Button>
            )}
          </Group>
        </form>
      )}
    </div>
  );
}

export function ChatPanel({ chats, dir }: { chats: Chats; dir: Directory }) {
  const { t } = useTranslation();
  const tabs = chatTabs(chats.state);
  const [chosen, setChosen] = useState<string | null>(null);
  const current = tabs.find((c) => c.id === chosen)?.id ?? tabs[0]?.id ?? null;
  if (tabs.length === 0) return null;
  return (
    <Card withBorder shadow="sm" component="section" aria-labelledby="chats-title" data-testid="chat-panel">
      <Title order={3} size="h4" id="chats-title" mb="xs">
        {t("chat.title")}
      </Title>
      {chats.status === "reconnecting" && (
        <Alert color="orange" role="alert" mb="xs">
          {t("chat.feedDown")}
        </Alert>
      )}
      <Tabs value={current} onChange={setChosen} keepMounted>
        <Tabs.List aria-label={t("chat.tabs")}>
          {tabs.map((c) => {
            const unread = unreadOf(c);
            return (
              <Tabs.Tab
                key={c.id}
                value={c.id}
                data-testid="desk-chat-tab"
                data-chat={c.id}
                data-unread={unread}
                rightSection={
                  unread > 0 ? (
                    <>
                      <Badge size="sm" color="red.9" variant="filled" aria-hidden>
                        {unread}
                      </Badge>
                      <span className="lk-visually-hidden">{t("chat.unread", { count: unread })}</span>
                    </>
                  ) : undefined
                }
              >
                {visitorLabel(c, t)}
                {c.state === "ended" ? ` (${t("chat.endedShort")})` : ""}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
        {tabs.map((c) => (
          <Tabs.Panel key={c.id} value={c.id} pt="xs">
            <div className="lk-chat-beside-card">
              <Conversation c={c} chats={chats} shown={c.id === current} dir={dir} />
              <ChatCard c={c} />
            </div>
          </Tabs.Panel>
        ))}
      </Tabs>
    </Card>
  );
}
