// The bar above every view: where you are, what waits (always visible), whether the figures
// are live, and the person's own settings.
import type { ReactNode } from "react";
import { Alert, Anchor, Badge, Button, Group, Menu, Switch, Text, Title } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { Session } from "../api/types";
import type { FeedStatus } from "../live/feed";
import { type NotifySettings, saveNotifySettings } from "../live/notify";
import { formatTime } from "../state/time";
import type { View } from "./App";
import { LanguagePicker } from "./LanguagePicker";
import { GOOD, WARN } from "./colors";

export interface ShellProps {
  session: Session;
  view: View;
  go: (v: View) => void;
  signOut: () => void;
}

// A view's name in the bar and the window's title (the reports' and the admin views' texts
// are in their own sections).
export function viewName(t: TFunction, v: View): string {
  if (v === "reports") return t("reports.title");
  if (v === "admin") return t("admin.title");
  return t(`view.${v}`);
}

export function FeedBadge({ status, downSince }: { status: FeedStatus; downSince: number }) {
  const { t } = useTranslation();
  const color = status === "live" ? GOOD : status === "stale" ? "red.9" : WARN;
  return (
    <Badge color={color} variant="filled" role="status" data-testid="feed-status" data-status={status}
      title={status === "live" ? undefined : t("feed.downSince", { time: formatTime(new Date(downSince).toISOString(), "fi") })}>
      {t(`feed.${status}`)}
    </Badge>
  );
}

// A banner that says the figures on screen are not live, as soon as they are not.
export function StaleBanner({ status, downSince }: { status: FeedStatus; downSince: number }) {
  const { t, i18n } = useTranslation();
  if (status === "live" || status === "connecting") return null;
  return (
    <Alert color={status === "stale" ? "red" : "orange"} role="alert" m="md" mb={0} data-testid="stale-banner">
      {t(status === "stale" ? "feed.staleBanner" : "feed.reconnectingBanner", {
        time: formatTime(new Date(downSince).toISOString(), i18n.language),
      })}
    </Alert>
  );
}

export function Shell({
  session,
  view,
  go,
  signOut,
  status,
  downSince,
  counts,
  presence,
  notify,
  onNotify,
  children,
}: ShellProps & {
  // The feed's state, on views that follow it (the reports and the admin views do not).
  status?: FeedStatus;
  downSince?: number;
  counts?: ReactNode;
  presence?: ReactNode;
  notify?: NotifySettings;
  onNotify?: (n: NotifySettings) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const supervisor = session.roles.includes("supervisor") || session.roles.includes("admin");
  const views: View[] = supervisor
    ? [...(session.agent ? (["desktop"] as const) : []), "supervisor", "reports"]
    : ["desktop", ...(session.agent ? (["reports"] as const) : [])];
  if (session.roles.includes("admin")) views.push("admin");
  const setNotify = (n: NotifySettings) => {
    saveNotifySettings(n);
    onNotify?.(n);
    if (n.notifications && typeof Notification !== "undefined" && Notification.permission === "default") {
      void Notification.requestPermission();
    }
  };
  return (
    <>
      <a className="lk-skip" href="#main">
        {t("common.skipToContent")}
      </a>
      <header>
        <Group justify="space-between" px="md" py="xs" bg="blue.9" c="white" wrap="nowrap">
          <Group gap="md" wrap="nowrap">
            <Title order={1} size="h3">
              Luukku
            </Title>
            <nav aria-label={t("common.views")}>
              <Group gap="xs">
                {views.map((v) => (
                  <Anchor
                    key={v}
                    href={`/${v}`}
                    c="white"
                    fw={v === view ? 700 : 400}
                    underline={v === view ? "always" : "hover"}
                    aria-current={v === view ? "page" : undefined}
                    onClick={(e) => {
                      e.preventDefault();
                      go(v);
                    }}
                  >
                    {viewName(t, v)}
                  </Anchor>
                ))}
              </Group>
            </nav>
          </Group>
          {counts && (
            <Group gap="sm" wrap="nowrap" aria-label={t("counts.label")} role="group">
              {counts}
            </Group>
          )}
          <Group gap="sm" wrap="nowrap">
            {status && <FeedBadge status={status} downSince={downSince ?? 0} />}
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="white" size="xs">
                  {session.username}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{t("settings.title")}</Menu.Label>
                {notify &&
                  (["notifications", "sound"] as const).map((key) => (
                    <Menu.Item key={key} closeMenuOnClick={false} component="div">
                      <Switch
                        label={t(`settings.${key}`)}
                        checked={notify[key]}
                        onChange={(e) => setNotify({ ...notify, [key]: e.currentTarget.checked })}
                      />
                    </Menu.Item>
                  ))}
                <Menu.Item closeMenuOnClick={false} component="div">
                  <LanguagePicker compact />
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item onClick={signOut}>{t("common.signOut")}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
        {presence && (
          <Group px="md" py={6} bg="gray.1" gap="sm">
            <Text size="sm" fw={600} id="presence-label">
              {t("presence.mine")}
            </Text>
            {presence}
          </Group>
        )}
      </header>
      {status && <StaleBanner status={status} downSince={downSince ?? 0} />}
      {children}
    </>
  );
}
