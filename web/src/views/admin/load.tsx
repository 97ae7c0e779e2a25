// What every admin tab does: read a list from the API, say when that failed, read it again
// after a change; and show why the server refused a change.
import { useCallback, useEffect, useState } from "react";
import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ApiError, get } from "../../api/client";

export interface Loaded<T> {
  data: T | undefined;
  error: string;
  reload: () => void;
}

// GET `path` now, again on reload(), and every `everyMs` when given.
export function useLoad<T>(path: string, everyMs?: number): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState("");
  const reload = useCallback(() => {
    get<T>(path)
      .then((d) => {
        setData(d);
        setError("");
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [path]);
  useEffect(() => {
    reload();
    if (!everyMs) return;
    const id = setInterval(reload, everyMs);
    return () => clearInterval(id);
  }, [reload, everyMs]);
  return { data, error, reload };
}

export function LoadError({ error }: { error: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" role="alert" mb="sm">
      {t("common.loadFailed", { error })}
    </Alert>
  );
}

// Why a change was refused: in words first (a conflict, a missing item), then the server's own
// message, which names the field.
export function refusal(e: unknown, t: (key: string) => string): string {
  if (!(e instanceof ApiError)) return e instanceof Error ? e.message : String(e);
  const words = e.status === 409 ? t("admin.refused.conflict") : e.status === 404 ? t("admin.refused.notFound") : e.status === 400 ? t("admin.refused.invalid") : t("admin.refused.other");
  return `${words} (${e.message})`;
}

export function RefusalAlert({ text }: { text: string }) {
  if (!text) return null;
  return (
    <Alert color="red" role="alert" mb="sm" data-testid="refusal">
      {text}
    </Alert>
  );
}

// Saving a form: the request, then onSaved (the list read again); or the server's reason shown.
export function useSave(onSaved: () => void) {
  const { t } = useTranslation();
  const [refused, setRefused] = useState("");
  const [saving, setSaving] = useState(false);
  const save = async (request: () => Promise<unknown>) => {
    setSaving(true);
    setRefused("");
    try {
      await request();
      onSaved();
    } catch (e) {
      setRefused(refusal(e, t));
    } finally {
      setSaving(false);
    }
  };
  return { refused, saving, save };
}
