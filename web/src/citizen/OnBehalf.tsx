// Acting on another's behalf (docs/chat.md, "On behalf"): once identified, the visitor may say
// they act for a child in their custody or for someone who gave them a mandate. The server
// asks the registers whom (POST /api/v1/chat/on-behalf/options) and, when the visitor chooses,
// asks again before recording it (POST /api/v1/chat/on-behalf); the conversation then shows
// whom they act for, as the professional sees it. Once per chat.
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button, InlineAlert, Paragraph, RadioButton, RadioButtonGroup } from "suomifi-ui-components";
import { ApiError, post } from "../api/client";
import type { OnBehalfOf, StoredChat, VisitorState } from "../chat/visitor";

interface Option extends OnBehalfOf {
  option: string; // opaque: names the person only to the server, for this chat
}

type Step =
  | { kind: "idle" }
  | { kind: "finding" }
  | { kind: "choosing"; options: Option[] }
  | { kind: "sending"; options: Option[] }
  | { kind: "failed"; message: "failed" | "refused" };

export function OnBehalf({ stored, state }: { stored: StoredChat; state: VisitorState }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [chosen, setChosen] = useState("");
  if (state.onBehalf) {
    return (
      <InlineAlert status="neutral" data-testid="chat-on-behalf">
        {t("onBehalf.acting", { name: state.onBehalf.name, basis: t(`onBehalf.${state.onBehalf.basis}`) })}
      </InlineAlert>
    );
  }
  if (!state.identified || !state.onBehalfOffered || state.phase === "ended") return null;
  const ids = { chat_id: stored.chat_id, token: stored.token };

  const find = async () => {
    setStep({ kind: "finding" });
    try {
      const r = await post<{ options: Option[] }>("/api/v1/chat/on-behalf/options", ids);
      setChosen(r.options.length === 1 ? r.options[0].option : "");
      setStep({ kind: "choosing", options: r.options });
    } catch {
      setStep({ kind: "failed", message: "failed" });
    }
  };

  const confirm = async (e: FormEvent, options: Option[]) => {
    e.preventDefault();
    if (!chosen) return;
    setStep({ kind: "sending", options });
    try {
      // The socket's "on_behalf" then shows it.
      await post("/api/v1/chat/on-behalf", { ...ids, option: chosen });
    } catch (err) {
      const code = err instanceof ApiError ? err.code : "";
      setStep({ kind: "failed", message: code === "not_entitled" ? "refused" : "failed" });
    }
  };

  return (
    <InlineAlert status="neutral" labelText={t("onBehalf.question")} data-testid="chat-on-behalf-offered">
      <Paragraph>{t("onBehalf.explain")}</Paragraph>
      {(step.kind === "idle" || step.kind === "finding" || step.kind === "failed") && (
        <Button mt="xs" variant="secondary" onClick={find} disabled={step.kind === "finding"} data-testid="chat-on-behalf-find">
          {step.kind === "finding" ? t("onBehalf.finding") : t("onBehalf.find")}
        </Button>
      )}
      {(step.kind === "choosing" || step.kind === "sending") &&
        (step.options.length === 0 ? (
          <Paragraph mt="xs" data-testid="chat-on-behalf-none">
            {t("onBehalf.none")}
          </Paragraph>
        ) : (
          <form onSubmit={(e) => confirm(e, step.options)} data-testid="chat-on-behalf-form">
            <RadioButtonGroup labelText={t("onBehalf.choose")} name="on-behalf" value={chosen} onChange={setChosen}>
              {step.options.map((o) => (
                <RadioButton key={o.option} value={o.option} data-testid="chat-on-behalf-option">
                  {`${o.name} (${t(`onBehalf.${o.basis}`)})`}
                </RadioButton>
              ))}
            </RadioButtonGroup>
            <Button mt="xs" type="submit" disabled={!chosen || step.kind === "sending"} data-testid="chat-on-behalf-confirm">
              {t("onBehalf.confirm")}
            </Button>
          </form>
        ))}
      <div role="status" aria-live="polite">
        {step.kind === "failed" && <Paragraph mt="xs">{t(`onBehalf.${step.message}`)}</Paragraph>}
      </div>
    </InlineAlert>
  );
}
