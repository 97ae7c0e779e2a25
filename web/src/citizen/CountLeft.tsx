// How much is left of a field's limit (or how much too much), read out politely as it changes.
import { useTranslation } from "react-i18next";

export function CountLeft({ left, testId }: { left: number; testId?: string }) {
  const { t } = useTranslation();
  return (
    <p className="lk-chat-counter" aria-live="polite" data-testid={testId}>
      {left >= 0 ? t("after.charactersLeft", { count: left }) : t("after.charactersOver", { count: -left })}
    </p>
  );
}
