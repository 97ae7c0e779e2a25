// The reports (docs/reports.md): calls by outcome per day, week or month with the calls behind
// every figure, response times, callbacks, peak hours with the staffing beside them, chats, per
// professional and today so far; each as a table (the figures) and a chart (the picture), and
// each exportable to CSV. A professional who supervises nobody sees only their own figures.
// Loaded on demand: neither this view nor its charts weigh on the desktop's first load.
// This view holds what the reports share (the range, the line, the period, the tab); each report
// is a file of its own in ./reports/.
import { useState } from "react";
import { Group, Tabs, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type Period, type Range, thisMonth } from "../reports/api";
import { useDirectory } from "./common";
import { AgentsReport } from "./reports/AgentsReport";
import { CallbacksReport } from "./reports/CallbacksReport";
import { CallsByOutcome } from "./reports/CallsByOutcome";
import { ChatReport } from "./reports/ChatReport";
import { Controls } from "./reports/Controls";
import { PeakHoursReport } from "./reports/PeakHoursReport";
import { ResponseTimesReport } from "./reports/ResponseTimesReport";
import { TodayReport } from "./reports/TodayReport";
import { Shell, type ShellProps } from "./Shell";

type Tab = "calls" | "responseTimes" | "callbacks" | "peakHours" | "chats" | "agents" | "today";

export default function Reports(props: ShellProps) {
  const { t } = useTranslation();
  const dir = useDirectory();
  const supervisor = props.session.roles.includes("supervisor") || props.session.roles.includes("admin");
  const [range, setRange] = useState<Range>(() => thisMonth(new Date()));
  const [period, setPeriod] = useState<Period>("month");
  const [tab, setTab] = useState<Tab>(supervisor ? "calls" : "agents");
  const tabs: Tab[] = supervisor ? ["calls", "responseTimes", "callbacks", "peakHours", "chats", "agents", "today"] : ["agents"];
  return (
    <Shell {...props} counts={null}>
      <main id="main" className="lk-sup" data-testid="reports">
        <Group justify="space-between" align="end">
          <Title order={1} size="h2">
            {t("reports.title")}
          </Title>
          {tab !== "today" && <Controls range={range} setRange={setRange} period={period} setPeriod={setPeriod} dir={dir} withPeriod={tab === "calls" || tab === "chats"} />}
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
          <Tabs.Panel value="chats" pt="sm">
            <ChatReport range={range} period={period} dir={dir} />
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
