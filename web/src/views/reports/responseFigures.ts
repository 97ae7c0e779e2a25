// The response-time figures as rows of a FigureTable: the response times report shows them all,
// today's report the answering and abandonment ones (rows 2 to 7).
import type { TFunction } from "i18next";
import { formatNumber, formatPercent, type ResponseTimes } from "../../reports/api";
import type { FigureRow } from "./FigureTable";
import { seconds } from "./labels";

export function responseRows(r: ResponseTimes, lang: string, t: TFunction): FigureRow[] {
  return [
    [t("reports.arrivals"), formatNumber(r.arrivals, lang), "arrivals"],
    [t("reports.answered"), formatNumber(r.answer.count, lang), "answered"],
    [t("reports.answerMean"), seconds(r.answer.mean_s === null ? null : Math.round(r.answer.mean_s)), "answer-mean"],
    [t("reports.answerMedian"), seconds(r.answer.median_s), "answer-median"],
    [t("reports.answerP90"), seconds(r.answer.p90_s), "answer-p90"],
    [t("reports.serviceLevel", { target: r.target_s }), formatPercent(r.service_level_percent, lang), "service-level"],
    [t("reports.abandoned"), formatNumber(r.abandon.count, lang), "abandoned"],
    [t("reports.abandonment"), formatPercent(r.abandonment_percent, lang), "abandonment"],
    [t("reports.abandonWaitMedian"), seconds(r.abandon.median_s), "abandon-median"],
    [t("reports.abandonWaitP90"), seconds(r.abandon.p90_s), "abandon-p90"],
  ];
}
