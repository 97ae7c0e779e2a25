// The reports (docs/reports.md): calls by outcome per day, week or month with the calls behind
// every figure, response times, callbacks, peak hours with the staffing beside them, per
// professional and today so far; each as a table (the figures) and a chart (the picture), and
// each exportable to CSV. A professional who supervises nobody sees only their own figures.
// Loaded on demand: neither this view nor its charts weigh on the desktop's first load.
import { type ReactNode, useEffect, useState } from "react";
import { Alert, Button, Card, Group, Loader, Modal, NativeSelect, SegmentedControl, SimpleGrid, Space, Table, Tabs, Text, TextInput, Title } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { get } from "../api/client";
import {
  type AgentFigures,
  type CallbackFigures,
  csvUrl,
  formatNumber,
  formatPercent,
  type Outcome,
  OUTCOMES,
  type OutcomeRow,
  type PeakHours,
  type Period,
  periodDays,
  type Range,
  type ReportCall,
  reportUrl,
  type ResponseTimes,
  thisMonth,
  type Today,
  type WaitFigures,
  formatPeriod,
  averageDay,
  HOURS,
  type Metric,
  METRICS,
  WEEKDAYS,
} from "../reports/api";
import { Chart } from "../reports/Chart";
import { formatDuration, formatTime } from "../state/time";
import { agentName, type Directory, lineName, useDirectory } from "./common";
import { Shell, type ShellProps } from "./Shell";

const COLORS: Record<Outcome, string> = { answered: "#1f6f33", called_back: "#1c4f8f", lost: "#b02a2a", outgoing: "#5c636e" };
const TODAY_REFRESH_MS = 5000;

// A report's answer, fetched again whenever its URL changes.
function useReport<T>(url: string | null, refreshMs?: number): { data?: T; error?: string } {
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

function Loading<T>({ report, children }: { report: { data?: T; error?: string }; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (report.error) return <Alert color="red" role="alert">{t("reports.loadFailed", { error: report.error })}</Alert>;
  if (report.data === undefined) return <Loader size="sm" aria-label={t("common.loading")} />;
  return <>{children(report.data)}</>;
}

function ExportCsv({ href, what }: { href: string; what: string }) {
  const { t } = useTranslation();
  return (
    <Button component="a" href={href} download variant="outline" size="xs" aria-label={t("reports.exportCsvOf", { what })} data-testid="export-csv">
      {t("reports.exportCsv")}
    </Button>
  );
}

function Section({ id, title, actions, children }: { id: string; title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-labelledby={`${id}-title`} p="sm">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id={`${id}-title`}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Card>
  );
}

function lineLabel(dir: Directory, line: string, lang: string, t: TFunction): string {
  if (line === "*") return t("reports.allLines");
  if (line === "") return t("reports.beforeRouting");
  return lineName(dir, line, lang);
}

function seconds(s: number | null | undefined): string {
  return s === null || s === undefined ? "—" : formatDuration(s);
}

// ---- Calls by outcome, and the calls behind a figure ------------------------------------------

interface DrillDown {
  outcome: Outcome;
  period: string;
  line: string;
  range: Range;
}

function CallList({ drill, dir, onClose }: { drill: DrillDown; dir: Directory; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [calls, setCalls] = useState<ReportCall[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const extra = { outcome: drill.outcome };
  const load = (offset: number) => {
    setLoading(true);
    get<{ items: ReportCall[]; more: boolean }>(reportUrl("calls/list", drill.range, { ...extra, limit: "100", offset: String(offset) }))
      .then((page) => {
        setCalls((c) => [...c.slice(0, offset), ...page.items]);
        setMore(page.more);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setLoading(false));
  };
  // The dialog is made anew for every figure: its first page loads once.
  useEffect(() => load(0), []);
  const what = t(`reports.${drill.outcome}`);
  const title = t("reports.callsOf", { what, period: formatPeriod(drill.period, i18n.language), line: lineLabel(dir, drill.line, i18n.language, t) });
  return (
    <Modal opened onClose={onClose} title={title} size={1120} closeButtonProps={{ "aria-label": t("reports.close") }}>
      <Group justify="space-between" mb="xs">
        <Text size="sm" c="gray.7">
          {t("reports.accessLogged")}
        </Text>
        <ExportCsv href={csvUrl("calls/list", drill.range, i18n.language, { ...extra, limit: "1000" })} what={title} />
      </Group>
      {error && <Alert color="red" role="alert">{t("reports.loadFailed", { error })}</Alert>}
      <Table striped data-testid="call-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("reports.date")}</Table.Th>
            <Table.Th>{t("reports.time")}</Table.Th>
            <Table.Th>{t("reports.number")}</Table.Th>
            <Table.Th>{t("reports.line")}</Table.Th>
            <Table.Th>{t("reports.outcomeLabel")}</Table.Th>
            <Table.Th>{t("reports.agent")}</Table.Th>
            <Table.Th ta="right">{t("reports.wait")}</Table.Th>
            <Table.Th ta="right">{t("reports.talk")}</Table.Th>
            <Table.Th ta="right">{t("reports.wrapUp")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {calls.map((c) => (
            <Table.Tr key={c.id} data-call={c.id}>
              <Table.Td>{formatPeriod(c.date, i18n.language)}</Table.Td>
              <Table.Td className="lk-num">{c.time}</Table.Td>
              <Table.Td className="lk-num">{c.number || "—"}</Table.Td>
              <Table.Td>{lineLabel(dir, c.line, i18n.language, t)}</Table.Td>
              <Table.Td>{t(`reports.outcome.${c.outcome}`)}</Table.Td>
              <Table.Td>{agentName(dir, c.agent) || "—"}</Table.Td>
              <Table.Td ta="right" className="lk-num">{seconds(c.wait_s)}</Table.Td>
              <Table.Td ta="right" className="lk-num">{seconds(c.talk_s)}</Table.Td>
              <Table.Td ta="right" className="lk-num">{seconds(c.wrap_up_s)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!loading && calls.length === 0 && !error && <Text mt="sm">{t("reports.noCalls")}</Text>}
      {loading && <Loader size="sm" aria-label={t("common.loading")} />}
      {more && !loading && (
        <Button mt="sm" variant="light" onClick={() => load(calls.length)}>
          {t("reports.more")}
        </Button>
      )}
    </Modal>
  );
}

// Calls by outcome as a table: a row per period and line (or per line, for one day), the
// total and each outcome's cell as `cell` draws it.
function OutcomeTable({ rows, testId, withPeriod, dir, cell }: {
  rows: OutcomeRow[];
  testId: string;
  withPeriod: boolean;
  dir: Directory;
  cell: (row: OutcomeRow, outcome: Outcome) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Table striped data-testid={testId} mt="xs">
      <Table.Thead>
        <Table.Tr>
          {withPeriod && <Table.Th>{t("reports.period")}</Table.Th>}
          <Table.Th>{t("reports.line")}</Table.Th>
          <Table.Th ta="right">{t("reports.total")}</Table.Th>
          {OUTCOMES.map((o) => (
            <Table.Th key={o} ta="right">
              {t(`reports.${o}`)}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={`${r.period}|${r.line}`} data-period={r.period} data-line={r.line}>
            {withPeriod ? (
              <>
                <Table.Th scope="row">{formatPeriod(r.period, lang)}</Table.Th>
                <Table.Td>{lineLabel(dir, r.line, lang, t)}</Table.Td>
              </>
            ) : (
              <Table.Th scope="row">{lineLabel(dir, r.line, lang, t)}</Table.Th>
            )}
            <Table.Td ta="right" className="lk-num" data-testid="total">
              {r.total}
            </Table.Td>
            {OUTCOMES.map((o) => (
              <Table.Td key={o} ta="right" className="lk-num" data-testid={o}>
                {cell(r, o)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function CallsByOutcome({ range, period, dir }: { range: Range; period: Period; dir: Directory }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const extra = { period, by_line: range.line ? "false" : "true" };
  const report = useReport<{ items: OutcomeRow[] }>(reportUrl("calls", range, extra));
  const [drill, setDrill] = useState<DrillDown>();
  const open = (row: OutcomeRow, outcome: Outcome) => {
    const days = periodDays(row.period, range);
    const line = row.line === "*" ? range.line : row.line;
    setDrill({ outcome, period: row.period, line: line ?? "*", range: { ...days, line } });
  };
  // A figure of an outcome lists its calls. The total is plain: the list of every call would
  // also hold the callback attempts, which the total does not count.
  const figure = (row: OutcomeRow, outcome: Outcome, value: number) => {
    const what = t(`reports.${outcome}`);
    // Calls that never reached a line cannot be listed by line: their figure is plain.
    if (value === 0 || row.line === "") return <span>{value}</span>;
    return (
      <Button
        variant="subtle"
        size="compact-sm"
        className="lk-num"
        onClick={() => open(row, outcome)}
        aria-label={t("reports.showCalls", { what: `${what} ${value}`, period: formatPeriod(row.period, lang), line: lineLabel(dir, row.line, lang, t) })}
      >
        {value}
      </Button>
    );
  };
  return (
    <Section id="calls" title={t("reports.callsTable")} actions={<ExportCsv href={csvUrl("calls", range, lang, extra)} what={t("reports.callsTable")} />}>
      <Loading report={report}>
        {({ items }) => {
          const all = items.filter((r) => r.line === "*");
          if (all.every((r) => r.total === 0)) return <Text>{t("reports.noData")}</Text>;
          return (
            <>
              <Chart
                label={t("reports.callsChart")}
                testId="calls-chart"
                height={200}
                option={{
                  animation: false,
                  tooltip: { trigger: "axis" },
                  legend: { bottom: 0 },
                  grid: { left: 48, right: 16, top: 12, bottom: 48 },
                  xAxis: { type: "category", data: all.map((r) => formatPeriod(r.period, lang)) },
                  yAxis: { type: "value", minInterval: 1 },
                  series: OUTCOMES.map((o) => ({ name: t(`reports.${o}`), type: "bar", stack: "calls", barMaxWidth: 96, data: all.map((r) => r[o]), itemStyle: { color: COLORS[o] } })),
                }}
              />
              <OutcomeTable
                rows={items}
                testId="outcomes-table"
                withPeriod
                dir={dir}
                cell={(r, o) => (
                  <>
                    {figure(r, o, r[o])} <Text span size="sm" c="gray.7" className="lk-num">· {formatPercent(r.shares_percent[o], lang)}</Text>
                  </>
                )}
              />
            </>
          );
        }}
      </Loading>
      {drill && <CallList drill={drill} dir={dir} onClose={() => setDrill(undefined)} />}
    </Section>
  );
}

// ---- Response times -------------------------------------------------------------------------

function FigureTable({ rows, testId }: { rows: [string, ReactNode, string?][]; testId: string }) {
  const { t } = useTranslation();
  return (
    <Table data-testid={testId} withRowBorders>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("reports.figure")}</Table.Th>
          <Table.Th ta="right">{t("reports.value")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(([name, value, key]) => (
          <Table.Tr key={name} data-figure={key}>
            <Table.Th scope="row" fw={400}>
              {name}
            </Table.Th>
            <Table.Td ta="right" className="lk-num" fw={600}>
              {value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function responseRows(r: ResponseTimes, lang: string, t: TFunction): [string, ReactNode, string][] {
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

function bandLabel(b: { from_s: number; to_s: number | null }, t: TFunction): string {
  return b.to_s === null ? t("reports.bandOpen", { from: b.from_s }) : t("reports.band", { from: b.from_s, to: b.to_s });
}

function Distribution({ r }: { r: ResponseTimes }) {
  const { t } = useTranslation();
  return (
    <>
      <Chart
        label={t("reports.distribution")}
        height={180}
        option={{
          animation: false,
          tooltip: { trigger: "axis" },
          grid: { left: 40, right: 8, top: 8, bottom: 28 },
          xAxis: { type: "category", data: r.answer_distribution.map((b) => bandLabel(b, t)) },
          yAxis: { type: "value", minInterval: 1 },
          series: [{ type: "bar", name: t("reports.calls"), data: r.answer_distribution.map((b) => b.count), itemStyle: { color: COLORS.answered } }],
        }}
      />
      <Table data-testid="distribution-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("reports.wait")}</Table.Th>
            {r.answer_distribution.map((b) => (
              <Table.Th key={b.from_s} ta="right" style={{ whiteSpace: "nowrap" }}>
                {bandLabel(b, t)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">{t("reports.calls")}</Table.Th>
            {r.answer_distribution.map((b) => (
              <Table.Td key={b.from_s} ta="right" className="lk-num">
                {b.count}
              </Table.Td>
            ))}
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </>
  );
}

function ResponseTimesReport({ range }: { range: Range }) {
  const { t, i18n } = useTranslation();
  const [target, setTarget] = useState("60");
  const report = useReport<ResponseTimes>(reportUrl("response-times", range, { target_s: target }));
  return (
    <Section
      id="response"
      title={t("reports.tabs.responseTimes")}
      actions={
        <Group gap="xs" align="end">
          <NativeSelect size="xs" label={t("reports.target")} value={target} onChange={(e) => setTarget(e.currentTarget.value)} data={["20", "30", "60", "120", "180", "300"].map((s) => ({ value: s, label: `${s} s` }))} />
          <ExportCsv href={csvUrl("response-times", range, i18n.language, { target_s: target })} what={t("reports.tabs.responseTimes")} />
        </Group>
      }
    >
      <Loading report={report}>
        {(r) => (
          <SimpleGrid cols={2}>
            <FigureTable rows={responseRows(r, i18n.language, t)} testId="response-table" />
            <div>
              <Title order={3} size="h5">
                {t("reports.distribution")}
              </Title>
              <Distribution r={r} />
            </div>
          </SimpleGrid>
        )}
      </Loading>
    </Section>
  );
}

// ---- Callbacks ------------------------------------------------------------------------------

function CallbacksReport({ range }: { range: Range }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const report = useReport<CallbackFigures>(reportUrl("callbacks", range));
  const wait = (w: WaitFigures, which: "median_s" | "p90_s") => seconds(w[which]);
  return (
    <Section id="callbacks" title={t("reports.tabs.callbacks")} actions={<ExportCsv href={csvUrl("callbacks", range, lang)} what={t("reports.tabs.callbacks")} />}>
      <Loading report={report}>
        {(c) => (
          <SimpleGrid cols={2}>
            <FigureTable
              testId="callbacks-table"
              rows={[
                [t("reports.created"), formatNumber(c.created, lang), "created"],
                [t("reports.completed"), formatNumber(c.completed, lang), "completed"],
                [t("reports.unreachable"), formatNumber(c.unreachable, lang), "unreachable"],
                [t("reports.open"), formatNumber(c.open, lang), "open"],
                [t("reports.overdue"), formatNumber(c.overdue, lang), "overdue"],
                [t("reports.completedByDue"), `${formatNumber(c.completed_by_due, lang)} · ${formatPercent(c.completed_by_due_percent, lang)}`, "completed-by-due"],
              ]}
            />
            <FigureTable
              testId="callback-delays-table"
              rows={[
                [t("reports.firstAttemptMedian"), wait(c.to_first_attempt, "median_s"), "first-attempt-median"],
                [t("reports.firstAttemptP90"), wait(c.to_first_attempt, "p90_s"), "first-attempt-p90"],
                [t("reports.completionMedian"), wait(c.to_completion, "median_s"), "completion-median"],
                [t("reports.completionP90"), wait(c.to_completion, "p90_s"), "completion-p90"],
                [t("reports.attemptsPerTask"), formatNumber(c.attempts_per_task, lang, 2), "attempts-per-task"],
                [t("reports.repeatContacts"), `${formatNumber(c.repeat_contacts, lang)} · ${formatPercent(c.repeat_percent, lang)}`, "repeat"],
              ]}
            />
          </SimpleGrid>
        )}
      </Loading>
    </Section>
  );
}

// ---- Peak hours ------------------------------------------------------------------------------

function Heatmap({ p, metric, testId }: { p: PeakHours; metric: Metric; testId: string }) {
  const { t, i18n } = useTranslation();
  const grid = averageDay(p, metric);
  const max = Math.max(1, ...grid.flat());
  const days = WEEKDAYS.map((d) => t(`reports.wd.${d}`));
  const what = t(`reports.metrics.${metric}`);
  const format = (v: number) => formatNumber(v, i18n.language, Number.isInteger(v) ? 0 : 1);
  return (
    <>
      <Chart
        label={t("reports.heatmap", { what })}
        height={200}
        option={{
          animation: false,
          tooltip: {},
          grid: { left: 44, right: 64, top: 4, bottom: 24 },
          xAxis: { type: "category", data: HOURS.map((h) => String(h).padStart(2, "0")), splitArea: { show: true } },
          yAxis: { type: "category", data: days, inverse: true, splitArea: { show: true } },
          visualMap: { min: 0, max, orient: "vertical", right: 0, top: "middle", itemHeight: 140, inRange: { color: ["#f3f6fb", "#1c4f8f"] } },
          series: [{ type: "heatmap", name: what, data: WEEKDAYS.flatMap((d) => HOURS.map((h) => [h, d, grid[d][h]])) }],
        }}
      />
      <Table data-testid={testId} className="lk-heat" horizontalSpacing={2} verticalSpacing={2} fz="xs">
        <caption className="lk-visually-hidden">{t("reports.heatmap", { what })}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("reports.weekday")}</Table.Th>
            {HOURS.map((h) => (
              <Table.Th key={h} ta="right" aria-label={`${t("reports.hour")} ${h}`}>
                {String(h).padStart(2, "0")}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {WEEKDAYS.map((d) => (
            <Table.Tr key={d} data-weekday={d}>
              <Table.Th scope="row">{days[d]}</Table.Th>
              {HOURS.map((h) => (
                <Table.Td key={h} ta="right" className={grid[d][h] === 0 ? "lk-num lk-zero" : "lk-num"} data-hour={h}>
                  {format(grid[d][h])}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

function PeakHoursReport({ range }: { range: Range }) {
  const { t, i18n } = useTranslation();
  const [metric, setMetric] = useState<Metric>("arrivals");
  const report = useReport<PeakHours>(reportUrl("peak-hours", range));
  return (
    <Section id="peaks" title={t("reports.tabs.peakHours")} actions={<ExportCsv href={csvUrl("peak-hours", range, i18n.language)} what={t("reports.tabs.peakHours")} />}>
      <SegmentedControl
        size="xs"
        mb="xs"
        aria-label={t("reports.metric")}
        value={metric}
        onChange={(v) => setMetric(v as Metric)}
        data={METRICS.map((m) => ({ value: m, label: t(`reports.metrics.${m}`) }))}
      />
      <Loading report={report}>
        {(p) => (
          <>
            <Heatmap p={p} metric={metric} testId="peaks-table" />
            <Text size="xs" c="gray.7" mt={4}>
              {t("reports.plannerNote", {
                level: Math.round(p.planner.target_service_level * 100),
                answer: p.planner.target_answer_s,
                handle: formatDuration(p.planner.mean_handle_s),
              })}
            </Text>
          </>
        )}
      </Loading>
    </Section>
  );
}

// ---- Per professional -----------------------------------------------------------------------

function AgentsReport({ range, dir, own }: { range: Range; dir: Directory; own: boolean }) {
  const { t, i18n } = useTranslation();
  const report = useReport<{ items: AgentFigures[] }>(reportUrl("agents", range));
  const title = own ? t("reports.ownFigures") : t("reports.tabs.agents");
  return (
    <Section id="agents" title={title} actions={<ExportCsv href={csvUrl("agents", range, i18n.language)} what={title} />}>
      <Loading report={report}>
        {({ items }) =>
          items.length === 0 ? (
            <Text>{t("reports.noData")}</Text>
          ) : (
            <Table striped data-testid="agents-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("reports.agent")}</Table.Th>
                  <Table.Th ta="right">{t("reports.handled")}</Table.Th>
                  <Table.Th ta="right">{t("reports.talk")}</Table.Th>
                  <Table.Th ta="right">{t("reports.wrapUp")}</Table.Th>
                  <Table.Th ta="right">{t("reports.outgoingCalls")}</Table.Th>
                  <Table.Th ta="right">{t("reports.callbackAttempts")}</Table.Th>
                  <Table.Th ta="right">{t("reports.callbacksCompleted")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => (
                  <Table.Tr key={a.agent} data-agent={a.agent}>
                    <Table.Th scope="row">{agentName(dir, a.agent)}</Table.Th>
                    <Table.Td ta="right" className="lk-num" data-testid="handled">{a.handled}</Table.Td>
                    <Table.Td ta="right" className="lk-num">{formatDuration(a.talk_s)}</Table.Td>
                    <Table.Td ta="right" className="lk-num">{formatDuration(a.wrap_up_s)}</Table.Td>
                    <Table.Td ta="right" className="lk-num">{a.outgoing}</Table.Td>
                    <Table.Td ta="right" className="lk-num">{a.callback_attempts}</Table.Td>
                    <Table.Td ta="right" className="lk-num">{a.callbacks_completed}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </Loading>
    </Section>
  );
}

// ---- Today, live ----------------------------------------------------------------------------

function TodayReport({ line, dir }: { line?: string; dir: Directory }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const report = useReport<Today>(`/api/v1/reports/today${line ? `?line=${encodeURIComponent(line)}` : ""}`, TODAY_REFRESH_MS);
  return (
    <Loading report={report}>
      {(d) => {
        const weekday = (new Date(`${d.date}T12:00:00Z`).getUTCDay() + 6) % 7;
        const byHour = d.hours.arrivals[weekday];
        return (
          <Section
            id="today"
            title={t("reports.todayTitle", { date: formatPeriod(d.date, lang) })}
            actions={
              <Text size="sm" c="gray.7" role="status" data-testid="today-updated">
                {t("reports.updated", { time: formatTime(d.at, lang) })}
              </Text>
            }
          >
            <SimpleGrid cols={2}>
              <div>
                <OutcomeTable rows={d.calls.items} testId="today-table" withPeriod={false} dir={dir} cell={(r, o) => r[o]} />
                <Space h="sm" />
                <FigureTable rows={responseRows(d.response_times, lang, t).slice(2, 8)} testId="today-response" />
              </div>
              <div>
                <Title order={3} size="h5">
                  {t("reports.byHour")}
                </Title>
                <Chart
                  label={t("reports.byHour")}
                  height={220}
                  option={{
                    animation: false,
                    tooltip: { trigger: "axis" },
                    grid: { left: 36, right: 8, top: 8, bottom: 24 },
                    xAxis: { type: "category", data: HOURS.map((h) => String(h).padStart(2, "0")) },
                    yAxis: { type: "value", minInterval: 1 },
                    series: [{ type: "bar", name: t("reports.arrivals"), data: byHour, itemStyle: { color: COLORS.called_back } }],
                  }}
                />
              </div>
            </SimpleGrid>
          </Section>
        );
      }}
    </Loading>
  );
}

// ---- The view -------------------------------------------------------------------------------

function Controls({ range, setRange, period, setPeriod, dir, withPeriod }: {
  range: Range;
  setRange: (r: Range) => void;
  period: Period;
  setPeriod: (p: Period) => void;
  dir: Directory;
  withPeriod: boolean;
}) {
  const { t, i18n } = useTranslation();
  const valid = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);
  return (
    <Group gap="sm" align="end" role="group" aria-label={t("reports.controls")}>
      <TextInput type="date" size="xs" label={t("reports.from")} value={range.from} max={range.to} onChange={(e) => valid(e.currentTarget.value) && setRange({ ...range, from: e.currentTarget.value })} />
      <TextInput type="date" size="xs" label={t("reports.to")} value={range.to} min={range.from} onChange={(e) => valid(e.currentTarget.value) && setRange({ ...range, to: e.currentTarget.value })} />
      <NativeSelect
        size="xs"
        label={t("reports.line")}
        value={range.line ?? ""}
        onChange={(e) => setRange({ ...range, line: e.currentTarget.value || undefined })}
        data={[{ value: "", label: t("reports.allLines") }, ...Object.keys(dir.lines).map((id) => ({ value: id, label: lineName(dir, id, i18n.language) }))]}
      />
      {withPeriod && (
        <NativeSelect
          size="xs"
          label={t("reports.period")}
          value={period}
          onChange={(e) => setPeriod(e.currentTarget.value as Period)}
          data={(["day", "week", "month"] as const).map((p) => ({ value: p, label: t(`reports.periods.${p}`) }))}
        />
      )}
    </Group>
  );
}

type Tab = "calls" | "responseTimes" | "callbacks" | "peakHours" | "agents" | "today";

export default function Reports(props: ShellProps) {
  const { t } = useTranslation();
  const dir = useDirectory();
  const supervisor = props.session.roles.includes("supervisor") || props.session.roles.includes("admin");
  const [range, setRange] = useState<Range>(() => thisMonth(new Date()));
  const [period, setPeriod] = useState<Period>("month");
  const [tab, setTab] = useState<Tab>(supervisor ? "calls" : "agents");
  const tabs: Tab[] = supervisor ? ["calls", "responseTimes", "callbacks", "peakHours", "agents", "today"] : ["agents"];
  return (
    <Shell {...props} counts={null}>
      <main id="main" className="lk-sup" data-testid="reports">
        <Group justify="space-between" align="end">
          <Title order={1} size="h2">
            {t("reports.title")}
          </Title>
          {tab !== "today" && <Controls range={range} setRange={setRange} period={period} setPeriod={setPeriod} dir={dir} withPeriod={tab === "calls"} />}
        </Group>
        <Tabs value={tab} onChange={(v) => v && setTab(v as Tab)} keepMounted={false}>
          <Tabs.List>
            {tabs.map((k) => (
              <Tabs.Tab key={k} value={k}>
                {k === "agents" && !supervisor ? t("reports.ownFigures") : t(`reports.tabs.${k}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="calls" pt="sm">
            <CallsByOutcome range={range} period={period} dir={dir} />
          </Tabs.Panel>
          <Tabs.Panel value="responseTimes" pt="sm">
            <ResponseTimesReport range={range} />
          </Tabs.Panel>
          <Tabs.Panel value="callbacks" pt="sm">
            <CallbacksReport range={range} />
          </Tabs.Panel>
          <Tabs.Panel value="peakHours" pt="sm">
            <PeakHoursReport range={range} />
          </Tabs.Panel>
          <Tabs.Panel value="agents" pt="sm">
            <AgentsReport range={range} dir={dir} own={!supervisor} />
          </Tabs.Panel>
          <Tabs.Panel value="today" pt="sm">
            <TodayReport line={range.line} dir={dir} />
          </Tabs.Panel>
        </Tabs>
      </main>
    </Shell>
  );
}
