// The app: the session first (sign in when there is none), then the professional's desktop,
// the supervisor's view or the admin views by the path (/desktop, /supervisor, /admin/...).
import { lazy, Suspense, useEffect, useState } from "react";
import { Center, Loader } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ApiError, get, post, setCsrfToken } from "../api/client";
import type { Session } from "../api/types";
import { Desktop } from "./Desktop";
import { SignIn } from "./SignIn";
import { viewTitleKey } from "./Shell";
import { Supervisor } from "./Supervisor";

export type View = "desktop" | "supervisor" | "admin";

// The admin views load when first opened: the professionals' first load stays small.
const Admin = lazy(() => import("./admin/Admin").then((m) => ({ default: m.Admin })));

function viewFromPath(session: Session): View {
  const supervisor = session.roles.includes("supervisor") || session.roles.includes("admin");
  if (location.pathname.startsWith("/admin") && session.roles.includes("admin")) return "admin";
  if (location.pathname.startsWith("/supervisor") && supervisor) return "supervisor";
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

  useEffect(() => {
    document.title = session ? `${t(viewTitleKey(view))} — Luukku` : `${t("signIn.title")} — Luukku`;
  }, [session, view, t]);

  if (session === undefined) {
    return (
      <Center h="100vh">
        <Loader aria-label={t("common.loading")} />
      </Center>
    );
  }
  if (session === null) return <SignIn onSignedIn={accept} />;

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
  if (view === "admin") {
    return (
      <Suspense fallback={<Center h="100vh"><Loader aria-label={t("common.loading")} /></Center>}>
        <Admin {...props} />
      </Suspense>
    );
  }
  return view === "supervisor" ? <Supervisor {...props} /> : <Desktop {...props} />;
}
