// The browser phone of the signed-in professional: asks Luukku for the session's credential
// (POST /api/v1/phone/session), loads the gateway code (janus.ts) only then, and registers the
// professional's extension through Janus. Without a gateway configured (404) it says
// unavailable and the desk phone (if any) keeps ringing as before. When the gateway cannot be
// reached, goes away (a restart) or refuses the registration, it tries again by itself after
// reconnectDelay(), with a new credential when the old one was refused or is near its end, and
// says meanwhile that it is unavailable (never reached) or reconnecting (it worked before).
import { useEffect, useMemo, useRef, useState } from "react";
import { ApiError, post } from "../api/client";
import type { PhoneCredential, SipLine } from "./janus";
import { BrowserPhone, type PhoneState, phoneStateAfter, reconnectDelay } from "./phone";

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
    let credential: PhoneCredential | undefined;
    let failures = 0;
    let worked = false; // registered at least once: a loss is then "reconnecting"
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState({ status: "connecting" });

    const tryAgain = (reason: string, newCredential: boolean) => {
      line.current?.close();
      line.current = undefined;
      if (newCredential) credential = undefined;
      setState({ status: worked ? "reconnecting" : "unavailable", reason });
      timer = setTimeout(() => void connect(), reconnectDelay(failures++));
    };

    const connect = async () => {
      try {
        // The credential lasts the session; a new one only when it was refused or nearly over.
        if (!credential || Date.parse(credential.expires_at) - Date.now() < 60_000) {
          credential = await post<PhoneCredential>("/api/v1/phone/session");
        }
        const { SipLine } = await import("./janus");
        if (gone) return;
        const l: SipLine = new SipLine((e) => {
          if (gone || line.current !== l) return;
          if (e.kind === "lost") return tryAgain(e.reason, false);
          if (e.kind === "unavailable") return tryAgain(e.reason, true);
          if (e.kind === "registered") {
            worked = true;
            failures = 0;
          }
          setState((s) => phoneStateAfter(s, e));
        });
        line.current = l;
        await l.register(credential);
      } catch (e) {
        if (gone) return;
        // The server said no (no gateway configured, signed out, no phone): nothing to retry.
        if (e instanceof ApiError && e.status < 500) {
          setState({ status: "unavailable", reason: e.status === 404 ? "notConfigured" : e.message });
          return;
        }
        tryAgain(e instanceof Error ? e.message : String(e), false);
      }
    };

    void connect();
    return () => {
      gone = true;
      clearTimeout(timer);
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
