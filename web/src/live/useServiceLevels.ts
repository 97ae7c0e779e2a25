// Today's service level per line, as the reports define it (GET /api/v1/reports/today: each
// line's calls answered within the line's own target): read every few seconds, and at once
// when the live figures say another call was answered.
import { useEffect, useState } from "react";
import { ApiError, get } from "../api/client";
import { type LineServiceLevel, serviceLevelsByLine } from "../state/admin";

const EVERY_MS = 5000;

export function useServiceLevels(answeredToday: number): Record<string, LineServiceLevel> {
  const [levels, setLevels] = useState<Record<string, LineServiceLevel>>({});
  const [allowed, setAllowed] = useState(true);
  useEffect(() => {
    if (!allowed) return;
    let cancelled = false;
    const read = () =>
      get<{ service_levels?: LineServiceLevel[] }>("/api/v1/reports/today")
        .then((today) => !cancelled && setLevels(serviceLevelsByLine(today)))
        .catch((e: unknown) => {
          // The reports are the supervisor's: an account without that role shows no level.
          if (e instanceof ApiError && e.status === 403) setAllowed(false);
        });
    void read();
    const id = setInterval(read, EVERY_MS);
    return () => {
      cancelled = true;
      clearInterval(id);
    };
  }, [answeredToday, allowed]);
  return levels;
}
