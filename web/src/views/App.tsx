// The app: the session first (sign in when there is none), then the professional's desktop,
// the supervisor's view, the reports or the admin views by the path (/desktop, /supervisor,
// /reports, /admin/...).
import { lazy, Suspense, useEffect, useState } from "react";
import { Center, Loader } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ApiError, get, post, setCsrfToken } from "../api/client";
import type { Session } from "../api/types";
import { Desktop } from "./Desktop";
import { viewName } from "./Shell";
import { SignIn } from "./SignIn";
import { Supervisor } from "./Supervisor";
import { TestCaller } from "./TestCaller";

// The reports and their charts, and the admin views, load only when opened: the
// professionals' first load stays small.
const Reports = lazy(() => import("./Reports"));
const Admin = lazy(() => import("./admin/Admin").then((m) => ({ default: m.Admin })));

export type View = "desktop" | "supervisor" | "reports" | "admin";

function viewFromPath(session: Session): View {
  const supervisor = session.roles.includes("supervisor") || session.roles.includes("admin");
  if (location.pathname.startsWith("/admin") && session.roles.includes("admin")) return "admin";
  if (location.pathname.startsWith("/supervisor") && supervisor) return "supervisor";
  if (location.pathname.startsWith("/reports") && (supervisor || session.agent)) return "reports";
  if (location.pathname.startsWith("/desktop") || session.agent) return "desktop";
  return supervisor ? "supervisor" : "desktop";
}

export function App() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [view, setView] = useState<View>("desktop");

  const accept = (s: Session) => {
    setCsrfToken(s.csrf_token);
    setSession(s);
    setView(viewFromPath(s));
  };

  useEffect(() => {
    get<Session>("/api/v1/auth/session")
      .then(accept)
      .catch((e) => {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) setSession(null);
        else setSession(null);
      });
    const onPop = () => setSession((s) => (s ? (setView(viewFromPath(s)), s) : s));
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  const testCaller = location.pathname.startsWith("/test-caller");
  useEffect(() => {
    const title = testCaller ? t("phone.testCaller.title") : viewName(t, view);
    document.title = session ? `${title} — Luukku` : `${t("signIn.title")} — Luukku`;
  }, [session, view, t, testCaller]);

  if (session === undefined) {
    return (
      <Center h="100vh">
        <Loader aria-label={t("common.loading")} />
      </Center>
    );
  }
  if (session === null) return <SignIn onSignedIn={accept} />;
  if (testCaller) return <TestCaller />;

  const go = (v: View) => {
    history.pushState(null, "", `/${v}`);
    setView(v);
  };
  const signOut = async () => {
    try {
      await post("/api/v1/auth/logout");
    } finally {
      setCsrfToken("");
      setSession(null);
      history.pushState(null, "", "/");
    }
  };
  const props = { session, view, go, signOut };
  if (view === "reports" || view === "admin") {
    return (
      <Suspense
        fallback={
          <Center h="100vh">
            <Loader aria-label={t("common.loading")} />
          </Center>
        }
      >
        {view === "reports" ? <Reports {...props} /> : <Admin {...props} />}
      </Suspense>
    );
  }
  return view === "supervisor" ? <Supervisor {...props} /> : <Desktop {...props} />;
}
