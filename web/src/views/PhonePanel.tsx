// The browser phone on the desktop: its state always beside the presence (registered,
// unavailable, reconnecting, ringing, in a call), and, while a call rings or is under way in the browser, a
// card with Answer / Decline, or Mute and Hang up.
import { Badge, Button, Card, Group, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { sipUser } from "../phone/phone";
import type { BrowserPhoneView } from "../phone/useBrowserPhone";
import { GOOD, WARN } from "./colors";

export function PhoneBadge({ phone }: { phone: BrowserPhoneView }) {
  const { t } = useTranslation();
  const { status, reason } = phone.state;
  const color = { registered: GOOD, incall: "blue.9", ringing: WARN, calling: "blue.9", connecting: "dark.6", reconnecting: "dark.6", unavailable: "gray.7" }[status];
  const why =
    (status === "unavailable" || status === "reconnecting") && reason ? (reason === "notConfigured" ? t("phone.notConfigured") : reason) : undefined;
  return (
    <Badge color={color} variant="filled" role="status" data-testid="phone-status" data-status={status} title={why}>
      {t(`phone.status.${status}`)}
    </Badge>
  );
}

export function PhoneCard({ phone }: { phone: BrowserPhoneView }) {
  const { t } = useTranslation();
  const { status, from, display, muted } = phone.state;
  if (status !== "ringing" && status !== "incall") return null;
  const number = sipUser(from);
  const who = display ? `${display} — ${number}` : number;
  return (
    <Card withBorder shadow="sm" data-testid="browser-phone" data-status={status} bg={status === "ringing" ? "yellow.0" : undefined}
      component="section" aria-labelledby="browser-phone-title">
      <Title order={3} size="h4" id="browser-phone-title">
        {t(status === "ringing" ? "phone.ringingTitle" : "phone.inCallTitle")}
      </Title>
      <Text>{who || t("common.numberHidden")}</Text>
      <Group mt="sm">
        {status === "ringing" ? (
          <>
            <Button color={GOOD} onClick={phone.answer}>
              {t("phone.answer")}
            </Button>
            <Button variant="outline" color="red.9" onClick={phone.decline}>
              {t("phone.decline")}
            </Button>
          </>
        ) : (
          <>
            <Button variant="outline" aria-pressed={!!muted} onClick={() => phone.setMuted(!muted)}>
              {t(muted ? "phone.unmute" : "phone.mute")}
            </Button>
            <Button variant="outline" color="red.9" onClick={phone.hangUp}>
              {t("phone.hangUp")}
            </Button>
          </>
        )}
      </Group>
    </Card>
  );
}
