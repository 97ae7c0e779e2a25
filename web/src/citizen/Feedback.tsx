// The visitor's feedback after a chat has ended (by either side): a rating 1-5 and a few
// optional words, sent once (POST /api/v1/chat/feedback with the chat's token; docs/chat.md,
// "Feedback"), then a thank-you.
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button, Heading, InlineAlert, Paragraph, RadioButton, RadioButtonGroup, Textarea } from "suomifi-ui-components";
import { ApiError, post } from "../api/client";
import { CountLeft } from "./CountLeft";

export const MAX_FEEDBACK_TEXT = 1000; // characters (code points), as the server counts

const RATINGS = ["1", "2", "3", "4", "5"] as const;

export function Feedback({ chatId, token }: { chatId: string; token: string }) {
  const { t } = useTranslation();
  const [rating, setRating] = useState("");
  const [text, setText] = useState("");
  const [ratingError, setRatingError] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<"thanks" | "expired" | null>(null);
  const groupRef = useRef<HTMLDivElement>(null);
  const length = [...text.trim()].length;
  const left = MAX_FEEDBACK_TEXT - length;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!rating) {
      setRatingError(true);
      groupRef.current?.querySelector("input")?.focus();
      return;
    }
    if (left < 0) return;
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string | number> = { chat_id: chatId, token, rating: Number(rating) };
      if (text.trim()) body.text = text.trim();
      await post("/api/v1/chat/feedback", body);
      setDone("thanks");
    } catch (err) {
      const code = err instanceof ApiError ? err.code : "";
      // Given already (from another tab, or before a reload): thanked all the same.
      if (code === "already_given") setDone("thanks");
      else if (code === "expired") setDone("expired");
      else setError(t("after.feedback.failed"));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Paragraph role="status" data-testid="feedback-done" className="lk-chat-feedback-done">
        {done === "thanks" ? t("after.feedback.thanks") : t("after.feedback.expired")}
      </Paragraph>
    );
  }
  return (
    <form onSubmit={submit} noValidate data-testid="feedback-form" className="lk-chat-feedback" aria-labelledby="feedback-title">
      <Heading variant="h2" smallScreen id="feedback-title">
        {t("after.feedback.title")}
      </Heading>
      <div ref={groupRef}>
        <RadioButtonGroup
          mt="s"
          labelText={t("after.feedback.rating")}
          name="rating"
          value={rating}
          groupStatus={ratingError ? "error" : "default"}
          groupStatusText={ratingError ? t("after.feedback.chooseRating") : undefined}
          onChange={(v) => {
            setRating(v);
            setRatingError(false);
          }}
        >
          {RATINGS.map((r) => (
            <RadioButton key={r} value={r} data-testid={`feedback-rating-${r}`}>
              {t(`after.feedback.ratings.${r}`)}
            </RadioButton>
          ))}
        </RadioButtonGroup>
      </div>
      <Textarea
        mt="m"
        labelText={t("after.feedback.text")}
        optionalText={t("after.optional")}
        hintText={t("after.feedback.textHint")}
        value={text}
        rows={3}
        resize="vertical"
        fullWidth
        status={left < 0 ? "error" : "default"}
        statusText={left < 0 ? t("after.feedback.tooLong") : undefined}
        onChange={(e) => setText(e.currentTarget.value)}
        data-testid="feedback-text"
      />
      <CountLeft left={left} />
      {error && (
        <InlineAlert mt="s" status="error" role="alert">
          {error}
        </InlineAlert>
      )}
      <Button mt="s" type="submit" disabled={busy} fullWidth data-testid="feedback-submit">
        {t("after.feedback.submit")}
      </Button>
    </form>
  );
}
