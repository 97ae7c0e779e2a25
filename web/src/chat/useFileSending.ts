// The two sides' shared hooks for files in a chat (chat/attachments.ts): sending one with its
// progress said in words, and fetching one into a blob: URL that is revoked when it goes.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { checkFile, fileBlobUrl, filesUrl, MAX_FILE_BYTES, SendError, sendFile, type SendProblem } from "./attachments";
import { newClientId } from "./protocol";

export const MAX_MB = MAX_FILE_BYTES / (1024 * 1024);

export type Progress = { name: string } & ({ state: "sending"; share: number } | { state: "sent" } | { state: "refused"; problem: SendProblem });

// Sends files to `base` (a chat's files) with `headers`; `said` is what to tell the person.
export function useFileSending(base: string, headers: () => Record<string, string>) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<Progress | null>(null);
  const send = async (file: File) => {
    const early = checkFile(file);
    if (early) return setProgress({ name: file.name, state: "refused", problem: early });
    setProgress({ name: file.name, state: "sending", share: 0 });
    try {
      await sendFile(filesUrl(base, newClientId(), file.name), file, headers(), (share) => setProgress({ name: file.name, state: "sending", share }));
      setProgress({ name: file.name, state: "sent" });
    } catch (err) {
      setProgress({ name: file.name, state: "refused", problem: err instanceof SendError ? err.problem : "failed" });
    }
  };
  const said =
    progress === null
      ? ""
      : progress.state === "sending"
        ? t("files.sending", { name: progress.name, percent: Math.round(progress.share * 100) })
        : progress.state === "sent"
          ? t("files.sent", { name: progress.name })
          : t("files.refused", { name: progress.name, reason: t(`files.reasons.${progress.problem}`, { max: MAX_MB }) });
  return { progress, send, said };
}

// The file at `path` as a blob: URL: null while it loads, "failed" when it could not be had.
export function useFileUrl(path: string, headers: Record<string, string>): string | null | "failed" {
  const [url, setUrl] = useState<string | null | "failed">(null);
  const key = JSON.stringify(headers);
  useEffect(() => {
    let cancelled = false;
    let made: string | null = null;
    fileBlobUrl(path, JSON.parse(key) as Record<string, string>)
      .then((u) => {
        made = u;
        if (cancelled) URL.revokeObjectURL(u);
        else setUrl(u);
      })
      .catch(() => !cancelled && setUrl("failed"));
    return () => {
      cancelled = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [path, key]);
  return url;
}
