// Sign-in with a username and password, or single sign-on when the server has it.
import { useEffect, useState } from "react";
import { Alert, Button, Card, Center, Divider, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ApiError, get, post } from "../api/client";
import type { Session } from "../api/types";
import { LanguagePicker } from "./LanguagePicker";

export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sso, setSso] = useState(false);

  useEffect(() => {
    get<{ password: boolean; sso: boolean }>("/api/v1/auth/methods")
      .then((m) => setSso(m.sso))
      .catch(() => setSso(false));
  }, []);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await post<Session>("/api/v1/auth/login", { username, password }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(t("signIn.wrong"));
      else if (err instanceof ApiError && err.status === 429) setError(t("signIn.tooMany"));
      else setError(t("signIn.failed"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" bg="gray.1" component="main">
      <Card withBorder shadow="sm" w={400} padding="xl">
        <form onSubmit={submit} aria-labelledby="signin-title">
          <Stack>
            <div>
              <Title order={1} id="signin-title" size="h2">
                Luukku
              </Title>
              <Text c="gray.7">{t("signIn.subtitle")}</Text>
            </div>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label={t("signIn.username")}
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              autoComplete="username"
              required
              autoFocus
            />
            <PasswordInput
              label={t("signIn.password")}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              autoComplete="current-password"
              required
            />
            <Button type="submit" loading={busy}>
              {t("signIn.submit")}
            </Button>
            {sso && (
              <>
                <Divider label={t("signIn.or")} />
                <Button component="a" href="/api/v1/auth/oidc/login" variant="outline">
                  {t("signIn.sso")}
                </Button>
              </>
            )}
            <LanguagePicker />
          </Stack>
        </form>
      </Card>
    </Center>
  );
}
