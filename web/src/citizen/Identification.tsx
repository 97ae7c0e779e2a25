// Strong identification in the middle of a chat (docs/chat.md, "Identification"): when the
// professional asks, the visitor opens the identity provider in a new window and comes back to
// the same conversation, which then shows whom they identified as. The window is opened
// during the click (before the server answers with the provider's address), so browsers do
// not block it; if one does, the address is offered as a link.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Button, InlineAlert, Link, Paragraph } from "suomifi-ui-components";
import { post } from "../api/client";
import type { StoredChat, VisitorState } from "../chat/visitor";

type Step = { kind: "idle" } | { kind: "starting" } | { kind: "opened" } | { kind: "blocked"; url: string } | { kind: "failed" };

export function Identification({ stored, state }: { stored: StoredChat; state: VisitorState }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  if (state.identified) {
    return (
      <InlineAlert status="neutral" data-testid="chat-identified">
        {t("identification.done", { name: state.identified })}
      </InlineAlert>
    );
  }
  // On an optional line the visitor may identify unasked; asked, they are told why.
  const offered = state.identificationAsked || state.identification === "optional";
  if (!offered || state.phase === "ended") return null;

  const start = async () => {
    const window_ = window.open("", "_blank");
    setStep({ kind: "starting" });
    try {
      const r = await post<{ url: string }>("/api/v1/chat/identification/start", {
        chat_id: stored.chat_id,
        token: stored.token,
      });
      if (window_) {
        window_.opener = null;
        window_.location.href = r.url;
        setStep({ kind: "opened" });
      } else {
        setStep({ kind: "blocked", url: r.url });
      }
    } catch {
      window_?.close();
      setStep({ kind: "failed" });
    }
  };

  return (
    <InlineAlert
      status={state.identificationAsked ? "warning" : "neutral"}
      data-testid={state.identificationAsked ? "chat-identification-asked" : "chat-identification-offered"}
      labelText={t("identification.start")}
    >
      <Paragraph>{state.identificationAsked ? t("identification.asked") : t("identification.offered")}</Paragraph>
      <Button mt="xs" onClick={start} disabled={step.kind === "starting"} data-testid="chat-identify">
        {step.kind === "starting" ? t("identification.starting") : t("identification.start")}
      </Button>
      <div role="status" aria-live="polite">
        {step.kind === "opened" && <Paragraph mt="xs">{t("identification.opened")}</Paragraph>}
        {step.kind === "failed" && <Paragraph mt="xs">{t("identification.failed")}</Paragraph>}
        {step.kind === "blocked" && (
          <Paragraph mt="xs">
            {t("identification.popupBlocked")}{" "}
            <Link href={step.url} target="_blank" rel="noopener noreferrer">
              {t("identification.link")}
            </Link>
          </Paragraph>
        )}
      </div>
    </InlineAlert>
  );
}

// A line that requires identification: the visitor identifies first, in this window; the
// provider sends them back to /chat/?pick_up=<code>, and the chat started for them is picked up.
export async function identifyToStart(line: string, language: string, name: string): Promise<void> {
  const body: Record<string, string> = { line, language };
  if (name.trim()) body.name = name.trim();
  const r = await post<{ url: string }>("/api/v1/chat/identification/start", body);
  window.location.assign(r.url);
}

// Back from the provider with a chat started after identification: its id and token, once.
export function pickUpCode(): string | null {
  return new URLSearchParams(window.location.search).get("pick_up");
}

export async function pickUp(code: string, language: string): Promise<StoredChat> {
  // The code is used once: it leaves the address bar (and the history) at once.
  const url = new URL(window.location.href);
  url.searchParams.delete("pick_up");
  window.history.replaceState(null, "", url.toString());
  const r = await post<{ chat_id: string; token: string }>("/api/v1/chat/identification/pick-up", { code });
  return { chat_id: r.chat_id, token: r.token, language, pending: [] };
}
