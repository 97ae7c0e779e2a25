// Staff accounts: create one, set its roles, link it to the agent it acts as (the desktop acts
// as the signed-in person's own agent), reset its password, disable it. Every change is a
// request the server checks and writes to the audit log.
import { useState } from "react";
import { Badge, Button, Checkbox, Group, Modal, NativeSelect, PasswordInput, Stack, Switch, Table, TextInput, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { patch, post, put } from "../../api/client";
import type { Agent, Role } from "../../api/types";
import { LoadError, RefusalAlert, useLoad, useSave } from "./load";

export interface User {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  disabled: boolean;
  agent: string | null;
  version: number;
}

const ROLES: Role[] = ["agent", "supervisor", "admin", "registrar"];

// The agent an account acts as: none, or an agent of the region no other account is linked to.
function AgentSelect({ value, onChange, agents, users, self }: { value: string; onChange: (v: string) => void; agents: Agent[]; users: User[]; self?: string }) {
  const { t } = useTranslation();
  const holder = (a: string) => users.find((u) => u.agent === a && u.id !== self);
  return (
    <NativeSelect
      label={t("admin.users.agent")}
      description={t("admin.users.agentHelp")}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[
        { value: "", label: t("admin.users.noAgent") },
        ...agents.map((a) => {
          const other = holder(a.id);
          return { value: a.id, label: other ? t("admin.users.agentTaken", { name: a.name, user: other.username }) : a.name, disabled: !!other };
        }),
      ]}
      data-testid="user-agent"
    />
  );
}

function RoleChoice({ value, onChange }: { value: string[]; onChange: (v: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group label={t("admin.users.roles")} value={value} onChange={onChange}>
      <Group mt={4}>
        {ROLES.map((r) => (
          <Checkbox key={r} value={r} label={t(`admin.roles.${r}`)} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

function Actions({ saving, onClose, label }: { saving: boolean; onClose: () => void; label: string }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="outline" onClick={onClose}>
        {t("admin.cancel")}
      </Button>
      <Button type="submit" loading={saving}>
        {label}
      </Button>
    </Group>
  );
}

function NewUser({ agents, users, onClose, onSaved }: { agents: Agent[]; users: User[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [roles, setRoles] = useState<string[]>(["agent"]);
  const [agent, setAgent] = useState("");
  const { refused, saving, save } = useSave(onSaved);
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ "aria-label": t("admin.close") }} title={t("admin.users.new")}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save(() => post("/api/v1/users", { username, display_name: name, password, roles, ...(agent ? { agent } : {}) }));
        }}
      >
        <Stack gap="sm">
          <RefusalAlert text={refused} />
          <TextInput label={t("admin.users.username")} value={username} onChange={(e) => setUsername(e.currentTarget.value)} required autoComplete="off" />
          <TextInput label={t("admin.users.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required autoComplete="off" />
          <PasswordInput label={t("admin.users.password")} description={t("admin.users.passwordHelp")} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required autoComplete="new-password" />
          <RoleChoice value={roles} onChange={setRoles} />
          <AgentSelect value={agent} onChange={setAgent} agents={agents} users={users} />
          <Actions saving={saving} onClose={onClose} label={t("admin.users.create")} />
        </Stack>
      </form>
    </Modal>
  );
}

function EditUser({ user, agents, users, onClose, onSaved }: { user: User; agents: Agent[]; users: User[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(user.display_name);
  const [roles, setRoles] = useState<string[]>(user.roles);
  const [agent, setAgent] = useState(user.agent ?? "");
  const [disabled, setDisabled] = useState(user.disabled);
  const { refused, saving, save } = useSave(onSaved);
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ "aria-label": t("admin.close") }} title={t("admin.users.editOf", { name: user.username })}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save(() =>
            patch(`/api/v1/users/${encodeURIComponent(user.id)}`, { display_name: name, roles, agent: agent || null, disabled, version: user.version }),
          );
        }}
      >
        <Stack gap="sm">
          <RefusalAlert text={refused} />
          <TextInput label={t("admin.users.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
          <RoleChoice value={roles} onChange={setRoles} />
          <AgentSelect value={agent} onChange={setAgent} agents={agents} users={users} self={user.id} />
          <Switch label={t("admin.users.disabled")} description={t("admin.users.disabledHelp")} checked={disabled} onChange={(e) => setDisabled(e.currentTarget.checked)} />
          <Actions saving={saving} onClose={onClose} label={t("admin.save")} />
        </Stack>
      </form>
    </Modal>
  );
}

function ResetPassword({ user, onClose, onSaved }: { user: User; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState("");
  const { refused, saving, save } = useSave(onSaved);
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ "aria-label": t("admin.close") }} title={t("admin.users.passwordOf", { name: user.username })}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save(() => put(`/api/v1/users/${encodeURIComponent(user.id)}/password`, { password }));
        }}
      >
        <Stack gap="sm">
          <RefusalAlert text={refused} />
          <PasswordInput label={t("admin.users.newPassword")} description={t("admin.users.passwordHelp")} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required autoComplete="new-password" />
          <Actions saving={saving} onClose={onClose} label={t("admin.users.setPassword")} />
        </Stack>
      </form>
    </Modal>
  );
}

type Dialog = { kind: "new" } | { kind: "edit"; user: User } | { kind: "password"; user: User } | null;

export function Users() {
  const { t } = useTranslation();
  const users = useLoad<{ items: User[] }>("/api/v1/users");
  const agents = useLoad<{ items: Agent[] }>("/api/v1/agents");
  const [dialog, setDialog] = useState<Dialog>(null);
  const list = users.data?.items ?? [];
  const agentList = agents.data?.items ?? [];
  const agentName = (id: string | null) => (id ? (agentList.find((a) => a.id === id)?.name ?? id) : "—");
  const saved = () => {
    setDialog(null);
    users.reload();
  };
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t("admin.tabs.users")}
        </Title>
        <Button onClick={() => setDialog({ kind: "new" })}>{t("admin.users.new")}</Button>
      </Group>
      <LoadError error={users.error || agents.error} />
      <Table striped data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("admin.users.username")}</Table.Th>
            <Table.Th>{t("admin.users.name")}</Table.Th>
            <Table.Th>{t("admin.users.roles")}</Table.Th>
            <Table.Th>{t("admin.users.agent")}</Table.Th>
            <Table.Th>{t("admin.users.state")}</Table.Th>
            <Table.Th>{t("admin.actions")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((u) => (
            <Table.Tr key={u.id} data-user={u.username}>
              <Table.Th scope="row">{u.username}</Table.Th>
              <Table.Td>{u.display_name}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {u.roles.map((r) => (
                    <Badge key={r} variant="outline" color="blue.9">
                      {t(`admin.roles.${r}`)}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td data-testid="user-agent-cell">{agentName(u.agent)}</Table.Td>
              <Table.Td>{u.disabled ? <Badge color="red.9">{t("admin.users.isDisabled")}</Badge> : t("admin.users.isActive")}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" variant="outline" onClick={() => setDialog({ kind: "edit", user: u })} aria-label={t("admin.users.editOf", { name: u.username })}>
                    {t("admin.edit")}
                  </Button>
                  <Button size="xs" variant="outline" onClick={() => setDialog({ kind: "password", user: u })} aria-label={t("admin.users.passwordOf", { name: u.username })}>
                    {t("admin.users.password")}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {dialog?.kind === "new" && <NewUser agents={agentList} users={list} onClose={() => setDialog(null)} onSaved={saved} />}
      {dialog?.kind === "edit" && <EditUser user={dialog.user} agents={agentList} users={list} onClose={() => setDialog(null)} onSaved={saved} />}
      {dialog?.kind === "password" && <ResetPassword user={dialog.user} onClose={() => setDialog(null)} onSaved={saved} />}
    </Stack>
  );
}
