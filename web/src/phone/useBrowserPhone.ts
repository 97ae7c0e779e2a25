// The browser phone of the signed-in professional: asks Luukku for the session's credential
// (POST /api/v1/phone/session), loads the gateway code (janus.ts) only then, and registers the
// professional's extension through Janus. Without a gateway configured (404) or reachable, it
// says unavailable and the desk phone (if any) keeps ringing as before.
import { useEffect, useMemo, useRef, useState } from "react";
import { ApiError, post } from "../api/client";
import type { PhoneCredential, SipLine } from "./janus";
import { BrowserPhone, type PhoneState, phoneStateAfter } from "./phone";

export interface BrowserPhoneView {
  state: PhoneState;
  // The switchboard's phone while this one holds the call; undefined otherwise (desk phone).
  phone?: BrowserPhone;
  answer(): void;
  decline(): void;
  hangUp(): void;
  setMuted(muted: boolean): void;
}

export function useBrowserPhone(agent: string | undefined): BrowserPhoneView {
  const [state, setState] = useState<PhoneState>({ status: "connecting" });
  const line = useRef<SipLine | undefined>(undefined);
  const status = useRef(state.status);
  status.current = state.status;

  useEffect(() => {
    if (!agent) return;
    let gone = false;
    setState({ status: "connecting" });
    (async () => {
      try {
        const credential = await post<PhoneCredential>("/api/v1/phone/session");
        const { SipLine } = await import("./janus");
        if (gone) return;
        const l = new SipLine((e) => !gone && setState((s) => phoneStateAfter(s, e)));
        line.current = l;
        await l.register(credential);
      } catch (e) {
        if (gone) return;
        const reason = e instanceof ApiError && e.status === 404 ? "notConfigured" : e instanceof Error ? e.message : String(e);
        setState({ status: "unavailable", reason });
      }
    })();
    return () => {
      gone = true;
      line.current?.close();
      line.current = undefined;
    };
  }, [agent]);

  const phone = useMemo(
    () =>
      new BrowserPhone(() => {
        if (status.current !== "incall" || !line.current) return false;
        line.current.hangUp();
        return true;
      }),
    [],
  );

  return {
    state,
    phone: state.status === "incall" ? phone : undefined,
    answer: () => {
      void line.current?.answer().catch((e: unknown) =>
        setState({ status: "registered", reason: e instanceof Error ? e.message : String(e) }),
      );
    },
    decline: () => {
      line.current?.decline();
      setState({ status: "registered" });
    },
    hangUp: () => line.current?.hangUp(),
    setMuted: (muted) => {
      line.current?.setMuted(muted);
      setState((s) => ({ ...s, muted }));
    },
  };
}
