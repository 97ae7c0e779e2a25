// The contact-request form of the chat page: when nobody can chat (the line is closed, nobody
// is free) or the visitor would rather not wait, they leave a number and a few words, and the
// line calls them back (POST /api/v1/chat/contact-requests; docs/chat.md, "Asking to be called
// back"). The number is checked as the server checks it, and the server's word on it is shown
// on the field; the confirmation says by when they will be called, in Helsinki time.
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button, Heading, InlineAlert, Paragraph, Textarea, TextInput } from "suomifi-ui-components";
import { ApiError, post } from "../api/client";
import { TIME_ZONE } from "../state/time";
import { CountLeft } from "./CountLeft";

export const MAX_DESCRIPTION_BYTES = 2000;
export const MAX_NAME_BYTES = 120;

const encoder = new TextEncoder();
export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

// What the server takes as a number: digits with spaces, '-', '.', '/' or parentheses between
// them, a '+' only first, and at least three digits (core/phone_number.h has the whole rule;
// the server's answer decides).
export function plausibleNumber(text: string): boolean {
  const t = text.trim();
  if (!/^\+?[0-9 \u00a0\-./()]+$/.test(t)) return false;
  return t.replace(/[^0-9]/g, "").length >= 3;
}

// "tiistai 24. marraskuuta klo 16.00", "Tuesday, November 24 at 16:00": in the page's language,
// Helsinki time.
export function dueInWords(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, {
    timeZone: TIME_ZONE,
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23", // the region's 24-hour clock in English too
  }).format(new Date(iso));
}

interface Props {
  lineId: string;
  lineName: string;
  reason?: string; // why the form is shown instead of a chat
  onBack: () => void;
}

export function ContactRequestForm({ lineId, lineName, reason, onBack }: Props) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState("");
  const [number, setNumber] = useState("");
  const [description, setDescription] = useState("");
  const [numberError, setNumberError] = useState<string | null>(null);
  const [descriptionError, setDescriptionError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [due, setDue] = useState<string | null | undefined>(undefined);
  const numberRef = useRef<HTMLInputElement>(null);
  const descriptionRef = useRef<HTMLTextAreaElement>(null);

  const bytes = utf8Bytes(description);
  const left = MAX_DESCRIPTION_BYTES - bytes;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const numberProblem = !number.trim()
      ? t("after.contact.numberMissing")
      : !plausibleNumber(number)
        ? t("after.contact.numberInvalid")
        : null;
    const descriptionProblem = !description.trim()
      ? t("after.contact.descriptionMissing")
      : bytes > MAX_DESCRIPTION_BYTES
        ? t("after.contact.descriptionTooLong")
        : null;
    setNumberError(numberProblem);
    setDescriptionError(descriptionProblem);
    if (numberProblem) {
      numberRef.current?.focus();
      return;
    }
    if (descriptionProblem) {
      descriptionRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const body: Record<string, string> = { line: lineId, language: i18n.language, number, description };
      if (name.trim()) body.name = name.trim();
      const r = await post<{ received: boolean; due_at?: string }>("/api/v1/chat/contact-requests", body);
      setDue(r.due_at ?? null);
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      const message = err instanceof Error ? err.message : "";
      if (status === 400 && /(^|\.)number:/.test(message)) {
        // The server's own reason, on the field it is about.
        setNumberError(`${t("after.contact.numberInvalid")} (${message})`);
        numberRef.current?.focus();
      } else if (status === 400 && /(^|\.)description:/.test(message)) {
        setDescriptionError(t("after.contact.descriptionMissing"));
        descriptionRef.current?.focus();
      } else {
        setError(
          status === 409
            ? t("after.contact.notTaken")
            : status === 429
              ? t("after.contact.tooMany")
              : t("after.contact.failed"),
        );
      }
    } finally {
      setBusy(false);
    }
  };

  if (due !== undefined) {
    return (
      <section aria-labelledby="contact-done-title" data-testid="contact-done" className="lk-chat-contact">
        <Heading variant="h1" smallScreen id="contact-done-title">
          {t("after.contact.doneTitle")}
        </Heading>
        <Paragraph mt="s" role="status" data-testid="contact-due" data-due={due ?? ""}>
          {due ? t("after.contact.done", { when: dueInWords(due, i18n.language) }) : t("after.contact.doneNoTime")}
        </Paragraph>
        <Paragraph mt="xs">{t("after.contact.doneNote")}</Paragraph>
        <Button mt="m" variant="secondary" onClick={onBack} fullWidth>
          {t("after.contact.back")}
        </Button>
      </section>
    );
  }

  return (
    <form onSubmit={submit} noValidate data-testid="contact-form" className="lk-chat-contact" aria-labelledby="contact-title">
      <Heading variant="h1" smallScreen id="contact-title">
        {t("after.contact.title")}
      </Heading>
      {reason && (
        <InlineAlert mt="s" status="neutral" data-testid="contact-reason">
          {reason}
        </InlineAlert>
      )}
      <Paragraph mt="s">{t("after.contact.intro")}</Paragraph>
      <Paragraph mt="s" data-testid="contact-line">
        {t("after.contact.line")}: <strong>{lineName}</strong>
      </Paragraph>
      <TextInput
        mt="m"
        labelText={t("after.contact.name")}
        optionalText={t("after.optional")}
        hintText={t("after.contact.nameHint")}
        value={name}
        maxLength={MAX_NAME_BYTES}
        autoComplete="name"
        onChange={(v) => setName(String(v ?? ""))}
        fullWidth
        data-testid="contact-name"
      />
      <TextInput
        mt="m"
        ref={numberRef}
        labelText={t("after.contact.number")}
        hintText={t("after.contact.numberHint")}
        value={number}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        status={numberError ? "error" : "default"}
        statusText={numberError ?? undefined}
        aria-required="true"
        onChange={(v) => {
          setNumber(String(v ?? ""));
          setNumberError(null);
        }}
        fullWidth
        data-testid="contact-number"
      />
      <Textarea
        mt="m"
        ref={descriptionRef}
        labelText={t("after.contact.description")}
        hintText={t("after.contact.descriptionHint")}
        value={description}
        rows={4}
        resize="vertical"
        fullWidth
        aria-required="true"
        status={descriptionError || left < 0 ? "error" : "default"}
        statusText={descriptionError ?? (left < 0 ? t("after.contact.descriptionTooLong") : undefined)}
        onChange={(e) => {
          setDescription(e.currentTarget.value);
          setDescriptionError(null);
        }}
        data-testid="contact-description"
      />
      {/* The count is of bytes, as the server's limit is. */}
      <CountLeft left={left} testId="contact-counter" />
      {error && (
        <InlineAlert mt="m" status="error" role="alert">
          {error}
        </InlineAlert>
      )}
      <Button mt="m" type="submit" disabled={busy} fullWidth data-testid="contact-submit">
        {t("after.contact.submit")}
      </Button>
      <Button mt="s" variant="secondary" onClick={onBack} fullWidth>
        {t("after.contact.back")}
      </Button>
    </form>
  );
}
