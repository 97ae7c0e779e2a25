// The clickbot on the citizen's chat page (docs/chat-web.md): the live tree's first choices
// above the line picker, which is always there; then one node at a time, with Back and Start
// over. An article is text, a link opens in a new tab, a chat node starts the chat with the
// path walked (the professional sees it), a contact-request node opens its line's
// contact-request form. Focus moves to each new node's heading. With no tree published, the
// page is the line picker alone.
import "./clickbot.css";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button, Heading, InlineAlert, Paragraph } from "suomifi-ui-components";
import { get } from "../api/client";
import type { StoredChat } from "../chat/visitor";
import { formatDateTime } from "../state/time";
import { ContactRequestForm } from "./ContactRequestForm";
import { startChat, startRefusal } from "./startChat";

export interface BotNode {
  id: string;
  kind: "choices" | "article" | "link" | "contact_request" | "chat";
  title: string;
  text: string;
  choices?: string[];
  url?: string;
  link_label?: string;
  line_id?: string;
  line_name?: string; // chat and contact_request nodes: absent when the line is gone
  open?: boolean;
  next_open?: string | null;
}

interface LiveTree {
  version: number;
  root: string | null;
  nodes: BotNode[];
}

// Paragraphs separated by blank lines; single line breaks kept. Text only, never markup.
function Paragraphs({ text }: { text: string }) {
  if (!text.trim()) return null;
  return (
    <>
      {text.split(/\n\s*\n/).map((p, i) => (
        <Paragraph key={i} mt="s" className="lk-bot-text">
          {p}
        </Paragraph>
      ))}
    </>
  );
}

function Choices({ node, nodes, onChoose }: { node: BotNode; nodes: Map<string, BotNode>; onChoose: (id: string) => void }) {
  const { t } = useTranslation("clickbot");
  return (
    <ul className="lk-bot-choices" aria-label={t("topics")} data-testid="bot-choices">
      {(node.choices ?? [])
        .filter((id) => nodes.has(id))
        .map((id) => (
          <li key={id}>
            <Button type="button" variant="secondary" fullWidth onClick={() => onChoose(id)} data-node={id}>
              {nodes.get(id)!.title}
            </Button>
          </li>
        ))}
    </ul>
  );
}

function ChatAction({ node, path, onStarted }: { node: BotNode; path: string[]; onStarted: (c: StoredChat) => void }) {
  const { t, i18n } = useTranslation("clickbot");
  const { t: tPage } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  if (!node.open) {
    return (
      <Paragraph mt="m" data-testid="bot-chat-closed">
        {node.next_open ? t("closedUntil", { time: formatDateTime(node.next_open, i18n.language) }) : t("closed")}
      </Paragraph>
    );
  }
  const start = async () => {
    setBusy(true);
    setError("");
    try {
      onStarted(await startChat({ line: node.line_id ?? "", language: i18n.language, path }));
    } catch (err) {
      setError(startRefusal(err, tPage));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {error && (
        <InlineAlert mt="m" status="error" role="alert">
          {error}
        </InlineAlert>
      )}
      <Button mt="m" type="button" fullWidth disabled={busy} onClick={start} data-testid="bot-start-chat">
        {t("startChat")}
      </Button>
    </>
  );
}

function NodeView({
  node,
  nodes,
  path,
  onChoose,
  onBack,
  onRestart,
  onStarted,
  onContactRequest,
}: {
  node: BotNode;
  nodes: Map<string, BotNode>;
  path: string[];
  onChoose: (id: string) => void;
  onBack: () => void;
  onRestart: () => void;
  onStarted: (c: StoredChat) => void;
  onContactRequest: () => void;
}) {
  const { t } = useTranslation("clickbot");
  useEffect(() => {
    document.getElementById("bot-title")?.focus();
  }, [node.id]);
  const trail = path.slice(1, -1).map((id) => nodes.get(id)?.title ?? id);
  return (
    <section className="lk-bot" aria-labelledby="bot-title" data-testid="bot-node" data-node={node.id} data-kind={node.kind}>
      {trail.length > 0 && (
        <nav aria-label={t("steps")} className="lk-bot-trail">
          <ol>
            {trail.map((title, i) => (
              <li key={i}>{title}</li>
            ))}
          </ol>
        </nav>
      )}
      <Heading variant="h1" smallScreen id="bot-title" tabIndex={-1}>
        {node.title}
      </Heading>
      <Paragraphs text={node.text} />
      {node.kind === "choices" && <Choices node={node} nodes={nodes} onChoose={onChoose} />}
      {node.kind === "link" && node.url && (
        <Paragraph mt="m">
          <a className="lk-bot-link" href={node.url} target="_blank" rel="noopener noreferrer" data-testid="bot-link">
            {node.link_label || node.url} <span className="lk-visually-hidden">{t("newTab")}</span>
          </a>
        </Paragraph>
      )}
      {node.kind === "chat" && <ChatAction node={node} path={path} onStarted={onStarted} />}
      {node.kind === "contact_request" &&
        (node.line_name ? (
          <Button mt="m" type="button" fullWidth onClick={onContactRequest} data-testid="bot-contact-request">
            {t("contactRequest")}
          </Button>
        ) : (
          <InlineAlert mt="m" status="neutral" data-testid="bot-contact-request-unavailable">
            {t("contactRequestUnavailable")}
          </InlineAlert>
        ))}
      <div className="lk-bot-nav">
        <Button type="button" variant="secondaryNoBorder" onClick={onBack} data-testid="bot-back">
          {t("back")}
        </Button>
        <Button type="button" variant="secondaryNoBorder" onClick={onRestart}>
          {t("startOver")}
        </Button>
      </div>
    </section>
  );
}

// `firstPage(bot)`: the line picker, with the tree's first choices (`bot`) to show in it.
export function Clickbot({ firstPage, onStarted }: { firstPage: (bot: ReactNode) => ReactNode; onStarted: (c: StoredChat) => void }) {
  const { t, i18n } = useTranslation("clickbot");
  const [tree, setTree] = useState<LiveTree | null>(null);
  // The node ids walked from the root; empty on the first page.
  const [path, setPath] = useState<string[]>([]);
  // The contact-request form of the node at the end of the path, shown in the node's place.
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    let cancelled = false;
    // Without the tree the page is the line picker alone: a failure here hides nothing else.
    get<LiveTree>(`/api/v1/chat/clickbot?lang=${encodeURIComponent(i18n.language)}`)
      .then((r) => !cancelled && setTree(r))
      .catch(() => !cancelled && setTree(null));
    return () => {
      cancelled = true;
    };
  }, [i18n.language]);
  const nodes = useMemo(() => new Map((tree?.nodes ?? []).map((n) => [n.id, n])), [tree]);
  const root = tree?.root ? nodes.get(tree.root) : undefined;
  // A path the tree no longer has (a new version went live) starts over.
  const current = path.length > 0 ? nodes.get(path[path.length - 1]) : undefined;
  if (!root) return <>{firstPage(null)}</>;
  if (current?.kind === "contact_request" && current.line_id && current.line_name && asking) {
    return <ContactRequestForm lineId={current.line_id} lineName={current.line_name} onBack={() => setAsking(false)} />;
  }
  if (current) {
    return (
      <NodeView
        node={current}
        nodes={nodes}
        path={path}
        onChoose={(id) => setPath([...path, id])}
        onBack={() => setPath(path.length > 2 ? path.slice(0, -1) : [])}
        onRestart={() => setPath([])}
        onStarted={onStarted}
        onContactRequest={() => setAsking(true)}
      />
    );
  }
  return (
    <>
      {firstPage(
        <section className="lk-bot lk-bot-first" aria-labelledby="bot-root-title" data-testid="bot-root">
          <Heading variant="h2" smallScreen id="bot-root-title" mt="m">
            {root.title}
          </Heading>
          <Paragraphs text={root.text} />
          <Choices node={root} nodes={nodes} onChoose={(id) => setPath([root.id, id])} />
          <Paragraph mt="m">{t("orChat")}</Paragraph>
        </section>,
      )}
    </>
  );
}
