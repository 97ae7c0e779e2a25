// How the reports name a line and show a duration that may be missing, and the colour of each
// outcome in their charts.
import type { TFunction } from "i18next";
import type { Outcome } from "../../reports/api";
import { formatDuration } from "../../state/time";
import { type Directory, lineName } from "../common";

export const OUTCOME_COLORS: Record<Outcome, string> = { answered: "#1f6f33", called_back: "#1c4f8f", lost: "#b02a2a", outgoing: "#5c636e" };

// "*" is every line together, "" the calls that ended before reaching a line.
export function lineLabel(dir: Directory, line: string, lang: string, t: TFunction): string {
  if (line === "*") return t("reports.allLines");
  if (line === "") return t("reports.beforeRouting");
  return lineName(dir, line, lang);
}

export function seconds(s: number | null | undefined): string {
  return s === null || s === undefined ? "—" : formatDuration(s);
}
