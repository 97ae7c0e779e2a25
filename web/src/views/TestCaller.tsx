// The test caller (development only, where the server's settings enable it): a second browser
// tab calls a service line's number as a citizen would, through the Janus gateway, whose calls
// Luukku's test trunk admits by their address. With the desktop open in another tab, the whole
// path — queue, offer, the browser phone ringing, talking — can be tried with no phone at all.
import { useEffect, useRef, useState } from "react";
import { Alert, Badge, Button, Card, Group, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ApiError, get } from "../api/client";
import type { SipLine } from "../phone/janus";
import { type PhoneState, phoneStateAfter } from "../phone/phone";
import { LanguagePicker } from "./LanguagePicker";
import { GOOD } from "./colors";

interface TestCallerConfig {
  janus_url: string;
  proxy: string;
  domain: string;
  numbers: { number: string; line: string; name: { fi: string; sv: string; en: string } }[];
}

// What the page shows of the call: idle (ready to call), calling, talking, or why not.
function callStatus(s: PhoneState | undefined): "idle" | "calling" | "incall" | "failed" {
  if (!s || s.status === "registered" || s.status === "connecting") return "idle";
  if (s.status === "incall") return "incall";
  if (s.status === "unavailable" || s.status === "reconnecting") return "failed"; // the gateway went: so did the call
  return "calling";
}

export function TestCaller() {
  const { t, i18n } = useTranslation();
  const [config, setConfig] = useState<TestCallerConfig | null>();
  const [number, setNumber] = useState("");
  const [from, setFrom] = useState("0401234567");
  const [state, setState] = useState<PhoneState>();
  const line = useRef<SipLine | undefined>(undefined);

  useEffect(() => {
    get<TestCallerConfig>("/api/v1/phone/test-caller")
      .then((c) => {
        setConfig(c);
        setNumber(c.numbers[0]?.number ?? "");
      })
      .catch((e) => setConfig(e instanceof ApiError && e.status === 404 ? null : null));
    return () => line.current?.close();
  }, []);

  const call = async () => {
    if (!config) return;
    line.current?.close();
    setState({ status: "calling" });
    try {
      const { SipLine } = await import("../phone/janus");
      const l = new SipLine((e) => setState((s) => phoneStateAfter(s ?? { status: "calling" }, e.kind === "registered" ? { kind: "calling" } : e)));
      line.current = l;
      await l.callAsGuest(config.janus_url, config.proxy, config.domain, from.trim(), number);
    } catch (e) {
      setState({ status: "unavailable", reason: e instanceof Error ? e.message : String(e) });
    }
  };
  const hangUp = () => {
    line.current?.hangUp();
    setState({ status: "registered" });
  };

  const status = callStatus(state);
  const lang = i18n.language as "fi" | "sv" | "en";
  return (
    <main id="main" style={{ maxWidth: 640, margin: "0 auto", padding: 24 }}>
      <Group justify="space-between" mb="md">
        <Title order={1} size="h2">
          {t("phone.testCaller.title")}
        </Title>
        <LanguagePicker />
      </Group>
      {config === undefined ? null : config === null ? (
        <Alert color="blue" title={t("phone.testCaller.offTitle")}>
          {t("phone.testCaller.off")}
        </Alert>
      ) : (
        <Card withBorder>
          <Stack>
            <Text>{t("phone.testCaller.help")}</Text>
            <NativeSelect
              label={t("phone.testCaller.number")}
              value={number}
              onChange={(e) => setNumber(e.currentTarget.value)}
              data={config.numbers.map((n) => ({ value: n.number, label: `${n.number} — ${n.name[lang] || n.name.fi}` }))}
            />
            <TextInput label={t("phone.testCaller.from")} value={from} maxLength={20} onChange={(e) => setFrom(e.currentTarget.value)} />
            <Group>
              <Button color={GOOD} onClick={() => void call()} disabled={status === "calling" || status === "incall" || !number || !from.trim()}>
                {t("phone.testCaller.call")}
              </Button>
              <Button variant="outline" color="red.9" onClick={hangUp} disabled={status !== "calling" && status !== "incall"}>
                {t("phone.hangUp")}
              </Button>
              <Badge size="lg" variant="filled" color={status === "incall" ? "blue.9" : status === "failed" ? "red.9" : "dark.6"}
                role="status" data-testid="test-caller-status" data-status={status}>
                {t(`phone.testCaller.status.${status}`)}
              </Badge>
            </Group>
            {status === "failed" && state?.reason && <Text size="sm">{state.reason}</Text>}
          </Stack>
        </Card>
      )}
    </main>
  );
}
