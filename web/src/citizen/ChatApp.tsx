// The citizen's chat page (/chat/): the service line to chat with, then waiting in its queue
// with the position and estimated wait, then the conversation, then its end. Messages are
// text, shown as text. Built with the suomifi-ui-components of public services' web pages.
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { enterSends } from "../chat/keys";
import {
  Button,
  Heading,
  InlineAlert,
  LanguageMenu,
  LanguageMenuItem,
  Paragraph,
  RadioButton,
  RadioButtonGroup,
  Textarea,
  TextInput,
} from "suomifi-ui-components";
import { ApiError, get } from "../api/client";
import { LANGUAGES, type Language, setLanguage } from "../i18n/core";
import { type ChatMessage, checkText, MAX_TEXT } from "../chat/protocol";
import { professionalTyping, type StoredChat } from "../chat/visitor";
import { formatDateTime, formatTime } from "../state/time";
import { Clickbot } from "./Clickbot";
import { startChat, startRefusal } from "./startChat";
import { Identification, identifyToStart, pickUp, pickUpCode } from "./Identification";
import { OnBehalf } from "./OnBehalf";
import { forgetChat, loadStoredChat, storeChat, useVisitorChat } from "./useVisitorChat";
import { AttachmentButton, AttachmentView } from "./Attachment";
import { ContactRequestForm } from "./ContactRequestForm";
import { Feedback } from "./Feedback";
import { HandedOn } from "./HandedOn";

interface ChatLine {
  id: string;
  name: string;
  open: boolean;
  next_open: string | null;
  identification?: "anonymous" | "optional" | "required";
  contact_requests: boolean;
}

function LanguageChoice() {
  const { t, i18n } = useTranslation();
  const current = i18n.language as Language;
  return (
    <LanguageMenu buttonText={t(`languageName.${current}`)} aria-label={`${t("language")}: ${t(`languageName.${current}`)}`}>
      {LANGUAGES.map((l) => (
        <LanguageMenuItem key={l} lang={l} selected={l === current} onSelect={() => setLanguage(l)}>
          {t(`languageName.${l}`)}
        </LanguageMenuItem>
      ))}
    </LanguageMenu>
  );
}

// `bot`: the clickbot's first choices, shown above the line picker.
function StartView({ onStarted, notice, bot }: { onStarted: (c: StoredChat) => void; notice?: string; bot?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const [lines, setLines] = useState<ChatLine[] | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [line, setLine] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The contact-request form instead of a chat, on this line, and why.
  const [contact, setContact] = useState<{ line: string; reason?: string } | null>(null);

  useEffect(() => {
    let cancelled = false;
    setLoadFailed(false);
    get<{ lines: ChatLine[] }>(`/api/v1/chat/lines?lang=${encodeURIComponent(i18n.language)}`)
      .then((r) => {
        if (cancelled) return;
        setLines(r.lines);
        // The only open line is chosen already.
        const open = r.lines.filter((l) => l.open);
        if (open.length === 1) setLine((cur) => cur || open[0].id);
      })
      .catch(() => !cancelled && setLoadFailed(true));
    return () => {
      cancelled = true;
    };
  }, [i18n.language]);

  const open = (lines ?? []).filter((l) => l.open);
  const closed = (lines ?? []).filter((l) => !l.open);
  const required = open.find((l) => l.id === line)?.identification === "required";
  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (!line) {
      setError(t("start.chooseLine"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (required) {
        await identifyToStart(line, i18n.language, name);
        return;
      }
      onStarted(await startChat({ line, language: i18n.language, ...(name.trim() ? { name: name.trim() } : {}) }));
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      if (status === 409 && lines?.find((l) => l.id === line)?.contact_requests) {
        setContact({ line, reason: t("after.contact.closedReason") });
        return;
      }
      setError(startRefusal(err, t));
    } finally {
      setBusy(false);
    }
  };

  const contactLine = contact && lines?.find((l) => l.id === contact.line);
  if (contactLine) {
    return (
      <ContactRequestForm
        lineId={contactLine.id}
        lineName={contactLine.name}
        reason={contact.reason}
        onBack={() => setContact(null)}
      />
    );
  }
  const chosen = open.find((l) => l.id === line);
  return (
    <form onSubmit={start} noValidate data-testid="chat-start" className="lk-chat-start">
      <Heading variant="h1" smallScreen>
        {t("title")}
      </Heading>
      <Paragraph mt="s">{t("intro")}</Paragraph>
      {bot}
      {notice && (
        <InlineAlert mt="m" status="neutral">
          {notice}
        </InlineAlert>
      )}
      {loadFailed && (
        <InlineAlert mt="m" status="error" role="alert">
          {t("start.loadFailed")}
        </InlineAlert>
      )}
      {lines && lines.length === 0 && <Paragraph mt="m">{t("start.noLines")}</Paragraph>}
      {open.length > 0 && (
        <RadioButtonGroup mt="m" labelText={t("start.line")} name="line" value={line} onChange={(v) => setLine(v)}>
          {open.map((l) => (
            <RadioButton key={l.id} value={l.id} hintText={t("start.open")}>
              {l.name}
            </RadioButton>
          ))}
        </RadioButtonGroup>
      )}
      {/* Closed lines are no choice: listed with when they open. */}
      {closed.length > 0 && (
        <section aria-labelledby="closed-title" data-testid="chat-closed-lines">
          <Heading variant="h3" as="h2" smallScreen id="closed-title" mt="m">
            {t("start.closedLines")}
          </Heading>
          <ul className="lk-chat-closed">
            {closed.map((l) => (
              <li key={l.id} data-line={l.id}>
                {l.name}:{" "}
                {l.next_open ? t("start.closedUntil", { time: formatDateTime(l.next_open, i18n.language) }) : t("start.closed")}
                {l.contact_requests && (
                  <Button variant="secondaryNoBorder" onClick={() => setContact({ line: l.id })} data-testid="contact-offer">
                    {t("after.contact.offer")}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <TextInput
        mt="m"
        labelText={t("start.name")}
        optionalText={t("start.optional")}
        hintText={t("start.nameHint")}
        value={name}
        maxLength={80}
        autoComplete="given-name"
        onChange={(v) => setName(String(v ?? ""))}
        fullWidth
      />
      {error && (
        <InlineAlert mt="m" status="error" role="alert">
          {error}
        </InlineAlert>
      )}
      {required && <Paragraph mt="m">{t("identification.required")}</Paragraph>}
      <Button mt="m" type="submit" disabled={busy || !lines || lines.every((l) => !l.open)} fullWidth>
        {required ? t("identification.startRequired") : t("start.submit")}
      </Button>
      {chosen?.contact_requests && (
        <Button mt="s" variant="secondary" onClick={() => setContact({ line: chosen.id })} fullWidth data-testid="contact-rather">
          {t("after.contact.ratherCall")}
        </Button>
      )}
    </form>
  );
}

function senderName(m: ChatMessage, t: (k: string) => string): string {
  if (m.from === "visitor") return t("conversation.you");
  if (m.from === "system") return t("conversation.system");
  return m.name || t("conversation.professional");
}

function Messages({ chat, stored }: { chat: ReturnType<typeof useVisitorChat>; stored: StoredChat }) {
  const { t, i18n } = useTranslation();
  const { state } = chat;
  const end = useRef<HTMLDivElement>(null);
  const count = state.messages.length + state.pending.length + state.refused.length;
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "end" });
  }, [count]);
  // The read mark shows under the newest of the visitor's messages the professional has read.
  const lastRead = [...state.messages].reverse().find((m) => m.from === "visitor" && m.seq <= state.readUpTo)?.seq;
  return (
    // New messages are read out as they come (role log is a polite live region).
    <div className="lk-chat-messages" tabIndex={0} role="log" aria-label={t("conversation.title")} aria-relevant="additions" data-testid="chat-log">
      <ol>
        {state.messages.map((m) => (
          <li key={m.seq} className={`lk-msg lk-msg-${m.from}`} data-testid="chat-message" data-seq={m.seq} data-from={m.from}>
            <span className="lk-msg-meta">
              {senderName(m, t)} <time dateTime={m.time}>{formatTime(m.time, i18n.language)}</time>
            </span>
            <span className="lk-msg-text">{m.text}</span>
            {m.attachment && <AttachmentView chat={stored} file={m.attachment} />}
            {m.seq === lastRead && (
              <span className="lk-msg-read" data-testid="chat-read">
                {t("conversation.read")}
              </span>
            )}
          </li>
        ))}
        {state.pending.map((p) => (
          <li key={p.client_id} className="lk-msg lk-msg-visitor lk-msg-pending" data-testid="chat-pending">
            <span className="lk-msg-meta">
              {t("conversation.you")} · {t("conversation.sending")}
            </span>
            <span className="lk-msg-text">{p.text}</span>
          </li>
        ))}
        {state.refused.map((r) => (
          <li key={r.client_id} className="lk-msg lk-msg-visitor lk-msg-refused" data-testid="chat-refused">
            <span className="lk-msg-text">{r.text}</span>
            <span className="lk-msg-meta" role="alert">
              {t("conversation.refused", { reason: t(`conversation.reasons.${r.code}`, { defaultValue: r.code }) })}
            </span>
            {r.code === "rate_limited" && state.phase !== "ended" && (
              <Button variant="secondaryNoBorder" onClick={() => chat.retry(r)}>
                {t("conversation.retry")}
              </Button>
            )}
          </li>
        ))}
      </ol>
      <div ref={end} />
    </div>
  );
}

function Composer({ chat }: { chat: ReturnType<typeof useVisitorChat> }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const length = [...text.trim()].length;
  const tooLong = length > MAX_TEXT;
  const submit = () => {
    if ("error" in checkText(text)) return;
    if (chat.send(text)) setText("");
  };
  return (
    <form
      className="lk-chat-composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Textarea
        labelText={t("conversation.message")}
        hintText={t("conversation.hint")}
        value={text}
        rows={2}
        resize="vertical"
        fullWidth
        status={tooLong ? "error" : "default"}
        statusText={tooLong ? t("conversation.tooLong", { max: MAX_TEXT }) : undefined}
        onChange={(e) => {
          setText(e.currentTarget.value);
          chat.typing();
        }}
        onKeyDown={enterSends(submit)}
        data-testid="chat-input"
      />
      <Button type="submit" disabled={length === 0 || tooLong}>
        {t("conversation.send")}
      </Button>
    </form>
  );
}

function useTick(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [active]);
  return now;
}

function Waiting({ position, estimatedWaitS }: { position: number | null; estimatedWaitS: number | null }) {
  const { t } = useTranslation();
  const estimate =
    estimatedWaitS === null
      ? t("waiting.noEstimate")
      : estimatedWaitS < 60
        ? t("waiting.estimateUnderMinute")
        : t("waiting.estimate", { minutes: Math.round(estimatedWaitS / 60) });
  return (
    <section aria-labelledby="waiting-title" data-testid="chat-waiting" className="lk-chat-waiting">
      <Heading variant="h2" smallScreen id="waiting-title">
        {t("waiting.title")}
      </Heading>
      {/* Position and estimate are read out as they change. */}
      <div role="status" aria-live="polite" aria-atomic="true">
        {position !== null && (
          <Paragraph data-testid="chat-position" data-position={position}>
            {t("waiting.position", { position })}
          </Paragraph>
        )}
        <Paragraph data-testid="chat-estimate">{estimate}</Paragraph>
      </div>
      <Paragraph mt="xs">{t("waiting.keepOpen")}</Paragraph>
    </section>
  );
}

function ChatView({ stored, onAgain }: { stored: StoredChat; onAgain: (notice?: string) => void }) {
  const { t } = useTranslation();
  const chat = useVisitorChat(stored);
  const { state } = chat;
  const typingShown = professionalTyping(state, useTick(state.typingAt !== null));
  useEffect(() => {
    if (chat.unknown) onAgain(t("ended.unknown"));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chat.unknown]);
  const professional = state.professional ?? t("conversation.professional");
  const ended = state.phase === "ended";
  return (
    <div className="lk-chat" data-testid="chat-view" data-phase={state.phase}>
      {chat.connection === "reconnecting" && !ended && (
        <InlineAlert status="warning" role="alert" data-testid="chat-reconnecting">
          {t("conversation.reconnecting")}
        </InlineAlert>
      )}
      {ended ? (
        <section aria-labelledby="ended-title" data-testid="chat-ended" className="lk-chat-ended">
          <Heading variant="h1" smallScreen id="ended-title">
            {t("ended.title")}
          </Heading>
          <Paragraph role="status">
            {state.endedBy === "visitor"
              ? t("ended.byVisitor")
              : state.endedBy === "professional"
                ? t("ended.byProfessional")
                : t("ended.bySystem")}{" "}
            {t("ended.thanks")}
          </Paragraph>
        </section>
      ) : state.phase === "active" ? (
        <Heading variant="h1" smallScreen data-testid="chat-active">
          {t("conversation.with", { name: professional })}
        </Heading>
      ) : (
        <>
          <Heading variant="h1" smallScreen>
            {t("title")}
          </Heading>
          {state.phase === "waiting" && <Waiting position={state.position} estimatedWaitS={state.estimatedWaitS} />}
        </>
      )}
      <HandedOn state={state} />
      <Identification stored={stored} state={state} />
      <OnBehalf stored={stored} state={state} />
      <Messages chat={chat} stored={stored} />
      <div role="status" aria-live="polite" className="lk-chat-typing" data-testid="chat-typing">
        {typingShown && !ended ? t("conversation.typing", { name: professional }) : ""}
      </div>
      {ended && <Feedback chatId={stored.chat_id} token={stored.token} />}
      {ended ? (
        <Button onClick={() => onAgain()} fullWidth>
          {t("ended.again")}
        </Button>
      ) : (
        <>
          <Composer chat={chat} />
          <AttachmentButton chat={stored} />
          <Button variant="secondary" onClick={chat.leave} fullWidth data-testid="chat-leave">
            {t("conversation.leave")}
          </Button>
        </>
      )}
    </div>
  );
}

export function ChatApp() {
  const [stored, setStored] = useState<StoredChat | null>(() => loadStoredChat());
  const [notice, setNotice] = useState<string | undefined>();
  const { t, i18n } = useTranslation();
  // Back from identifying for a line that requires it: the chat started meanwhile.
  useEffect(() => {
    const code = pickUpCode();
    if (!code) return;
    pickUp(code, i18n.language)
      .then((chat) => {
        storeChat(chat);
        setStored(chat);
      })
      .catch(() => setNotice(t("identification.pickUpFailed")));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    document.title = t("title");
  }, [t, i18n.language]);
  return (
    <>
      <header className="lk-chat-header">
        <LanguageChoice />
      </header>
      <main className="lk-chat-main">
        {stored ? (
          <ChatView
            key={stored.chat_id}
            stored={stored}
            onAgain={(n) => {
              forgetChat();
              setNotice(n);
              setStored(null);
            }}
          />
        ) : (
          <Clickbot
            onStarted={(c) => {
              setNotice(undefined);
              setStored(c);
            }}
            firstPage={(bot) => (
              <StartView
                notice={notice}
                bot={bot}
                onStarted={(c) => {
                  setNotice(undefined);
                  setStored(c);
                }}
              />
            )}
          />
        )}
      </main>
    </>
  );
}
