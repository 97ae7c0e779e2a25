// Fetching a report and showing where the fetch is: a report's answer is fetched again whenever
// its URL changes (and every `refreshMs`, for today's live figures); until it arrives a spinner
// stands in for it, and a failure says so.
import { type ReactNode, useEffect, useState } from "react";
import { Alert, Loader } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { get } from "../../api/client";

export interface Report<T> {
  data?: T;
  error?: string;
}

// A report's answer, fetched again whenever its URL changes.
export function useReport<T>(url: string | null, refreshMs?: number): Report<T> {
  const [state, setState] = useState<{ url: string | null; data?: T; error?: string }>({ url: null });
  useEffect(() => {
    if (!url) return;
    let live = true;
    const load = () =>
      get<T>(url)
        .then((data) => live && setState({ url, data }))
        .catch((e: unknown) => live && setState({ url, error: e instanceof Error ? e.message : String(e) }));
    void load();
    const timer = refreshMs ? setInterval(load, refreshMs) : undefined;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [url, refreshMs]);
  return state.url === url ? state : {};
}

export function Loading<T>({ report, children }: { report: Report<T>; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (report.error) return <Alert color="red" role="alert">{t("reports.loadFailed", { error: report.error })}</Alert>;
  if (report.data === undefined) return <Loader size="sm" aria-label={t("common.loading")} />;
  return <>{children(report.data)}</>;
}
