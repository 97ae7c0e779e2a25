// The administrator's views: service lines, prompts, users, phones and the clickbot, one tab
// each (/admin/lines, /admin/prompts, /admin/users, /admin/phones, /admin/clickbot). Everything
// is read from and written through the HTTP API; the server checks and audits every change.
import { type ReactNode, useEffect, useState } from "react";
import { Tabs } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Shell, type ShellProps } from "../Shell";
import { Toasts } from "../toast";
import { Clickbot } from "./Clickbot";
import { Lines } from "./Lines";
import { Phones } from "./Phones";
import { Prompts } from "./Prompts";
import { Users } from "./Users";

const TABS = ["lines", "prompts", "users", "phones", "clickbot"] as const;
type Tab = (typeof TABS)[number];
const PANELS: Record<Tab, ReactNode> = { lines: <Lines />, prompts: <Prompts />, users: <Users />, phones: <Phones />, clickbot: <Clickbot /> };

function tabFromPath(): Tab {
  const part = location.pathname.split("/")[2] ?? "";
  return (TABS as readonly string[]).includes(part) ? (part as Tab) : "lines";
}

export function Admin(props: ShellProps) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>(tabFromPath);
  useEffect(() => {
    const onPop = () => setTab(tabFromPath());
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const choose = (value: string | null) => {
    if (!value || value === tab) return;
    history.pushState(null, "", `/admin/${value}`);
    setTab(value as Tab);
  };
  return (
    <Shell {...props}>
      <Toasts />
      <main id="main" className="lk-sup">
        <Tabs value={tab} onChange={choose} keepMounted={false}>
          <Tabs.List aria-label={t("admin.sections")}>
            {TABS.map((v) => (
              <Tabs.Tab key={v} value={v} data-testid={`admin-tab-${v}`}>
                {t(`admin.tabs.${v}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {TABS.map((v) => (
            <Tabs.Panel key={v} value={v} pt="md">
              {PANELS[v]}
            </Tabs.Panel>
          ))}
        </Tabs>
      </main>
    </Shell>
  );
}
