// Fetching a report and showing where the fetch is: a report's answer is fetched again whenever
// its URL changes (and every `refreshMs`, for today's live figures); until it arrives a spinner
// stands in for it, and a failure says so. While the server counts its figures again from the
// event log (503 `catching_up`), the view says how far the count has got and asks again.
import { type ReactNode, useEffect, useState } from "react";
import { Alert, Loader, Progress } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ApiError, get } from "../../api/client";

// How often a report is asked for again while the server counts.
const kCatchingUpRetryMs = 5000;

export interface Report<T> {
  data?: T;
  error?: string;
  catchingUp?: { counted: number; events: number };
}

function catchingUpOf(e: unknown): Report<never>["catchingUp"] {
  if (!(e instanceof ApiError) || e.code !== "catching_up") return undefined;
  const counted = Number(e.detail?.counted ?? 0);
  const events = Number(e.detail?.events ?? 0);
  return events > 0 ? { counted, events } : undefined;
}

// A report's answer, fetched again whenever its URL changes.
export function useReport<T>(url: string | null, refreshMs?: number): Report<T> {
  const [state, setState] = useState<{ url: string | null } & Report<T>>({ url: null });
  useEffect(() => {
    if (!url) return;
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      get<T>(url)
        .then((data) => live && setState({ url, data }))
        .catch((e: unknown) => {
          if (!live) return;
          const catchingUp = catchingUpOf(e);
          if (catchingUp) {
            setState({ url, catchingUp });
            clearTimeout(retry);
            retry = setTimeout(load, kCatchingUpRetryMs);
            return;
          }
          setState({ url, error: e instanceof Error ? e.message : String(e) });
        });
    void load();
    const timer = refreshMs ? setInterval(load, refreshMs) : undefined;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
      clearTimeout(retry);
    };
  }, [url, refreshMs]);
  return state.url === url ? state : {};
}

export function Loading<T>({ report, children }: { report: Report<T>; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (report.error) return <Alert color="red" role="alert">{t("reports.loadFailed", { error: report.error })}</Alert>;
  if (report.catchingUp) {
    const percent = Math.floor((100 * report.catchingUp.counted) / report.catchingUp.events);
    return (
      <Alert color="blue" role="status">
        {t("reports.catchingUp", { percent })}
        <Progress value={percent} mt="xs" aria-label={t("reports.catchingUpProgress")} />
      </Alert>
    );
  }
  if (report.data === undefined) return <Loader size="sm" aria-label={t("common.loading")} />;
  return <>{children(report.data)}</>;
}
