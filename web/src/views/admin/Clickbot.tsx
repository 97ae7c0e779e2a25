// The clickbot tab (/admin/clickbot): the draft of the region's tree, node by node in three
// languages; saving makes a new draft version (the server names each problem's node and field,
// shown beside the field), the preview walks the draft as a citizen would, and publishing makes
// the saved draft the version citizens see.
import { useEffect, useMemo, useState } from "react";
import { ActionIcon, Alert, Badge, Button, Grid, Group, Modal, NativeSelect, NavLink, Paper, SegmentedControl, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ApiError, post, put } from "../../api/client";
import type { LocalizedText, ServiceLine as Line } from "../../api/types";
import { addNode, NODE_KINDS, type NodeKind, newTree, problemAt, removeNode, renameNode, type Tree, type TreeNode, type TreeProblem, updateNode, withKind } from "../../state/clickbot";
import { GOOD } from "../colors";
import { localized } from "../common";
import { LoadError, RefusalAlert, refusal, useLoad } from "./load";

const URL = "/api/v1/clickbot/trees/main";
type ServiceLine = Line & { channels?: string[] };
const LANGS = ["fi", "sv", "en"] as const;

interface TreeState {
  id: string;
  draft_version: number;
  live_version: number;
  draft: Tree | null;
  problems: TreeProblem[];
  versions: { version: number; saved_at: string; saved_by: string }[];
}

function Texts({ label, value, problems, node, field, long, onChange }: { label: string; value: LocalizedText; problems: TreeProblem[]; node: string; field: string; long?: boolean; onChange: (v: LocalizedText) => void }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      {LANGS.map((l) => {
        const props = {
          label: `${label} (${t(`admin.languages.${l}`)})`,
          value: value[l] ?? "",
          error: problemAt(problems, node, `${field}.${l}`),
          onChange: (e: { currentTarget: { value: string } }) => onChange({ ...value, [l]: e.currentTarget.value }),
          "data-testid": `bot-${field}-${l}`,
        };
        return long ? <Textarea key={l} autosize minRows={3} {...props} /> : <TextInput key={l} {...props} />;
      })}
    </SimpleGrid>
  );
}

function NodeEditor({ tree, node, lines, problems, onChange, onSelect }: { tree: Tree; node: TreeNode; lines: ServiceLine[]; problems: TreeProblem[]; onChange: (t: Tree, select?: string) => void; onSelect: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const [id, setId] = useState(node.id);
  useEffect(() => setId(node.id), [node.id]);
  const set = (change: (n: TreeNode) => TreeNode) => onChange(updateNode(tree, node.id, change));
  const others = tree.nodes.filter((n) => n.id !== node.id && n.id !== tree.root);
  const title = (n: TreeNode) => localized(n.title, i18n.language, n.id) || n.id;
  const channel = node.kind === "chat" ? "chat" : "contact_request";
  const lineChoices = lines.filter((l) => l.channels?.includes(channel));
  return (
    <Stack gap="sm" data-testid="bot-node-editor" data-node={node.id}>
      <Group align="flex-end">
        <TextInput
          label={t("admin.clickbot.id")}
          description={t("admin.clickbot.idHelp")}
          value={id}
          error={problemAt(problems, node.id, "id")}
          onChange={(e) => setId(e.currentTarget.value)}
          onBlur={() => id !== node.id && id && onChange(renameNode(tree, node.id, id), id)}
        />
        <NativeSelect
          label={t("admin.clickbot.kind")}
          value={node.kind}
          error={problemAt(problems, node.id, "kind")}
          onChange={(e) => set((n) => withKind(n, e.currentTarget.value as NodeKind))}
          data={NODE_KINDS.map((k) => ({ value: k, label: t(`admin.clickbot.kinds.${k}`) }))}
          data-testid="bot-kind"
        />
        {node.id !== tree.root && (
          <Button variant="outline" color="red" onClick={() => onChange(removeNode(tree, node.id), tree.root)}>
            {t("admin.clickbot.remove")}
          </Button>
        )}
      </Group>
      <Texts label={t("admin.clickbot.title")} value={node.title} problems={problems} node={node.id} field="title" onChange={(v) => set((n) => ({ ...n, title: v }))} />
      <Texts label={node.kind === "article" ? t("admin.clickbot.article") : t("admin.clickbot.text")} value={node.text} problems={problems} node={node.id} field="text" long onChange={(v) => set((n) => ({ ...n, text: v }))} />
      {node.kind === "choices" && (
        <Stack gap="xs">
          <Text fw={600}>{t("admin.clickbot.choices")}</Text>
          {problemAt(problems, node.id, "choices") && (
            <Text c="red" size="sm" role="alert">
              {problemAt(problems, node.id, "choices")}
            </Text>
          )}
          {(node.choices ?? []).map((c, i) => (
            <Group key={`${c}-${i}`} gap="xs" align="flex-end">
              <NativeSelect
                label={t("admin.clickbot.choiceN", { n: i + 1 })}
                value={c}
                error={problemAt(problems, node.id, `choices[${i}]`)}
                onChange={(e) => set((n) => ({ ...n, choices: (n.choices ?? []).map((x, j) => (j === i ? e.currentTarget.value : x)) }))}
                data={[...new Set([c, ...others.map((o) => o.id)])].map((o) => ({ value: o, label: tree.nodes.some((n) => n.id === o) ? `${title(tree.nodes.find((n) => n.id === o)!)} (${o})` : o }))}
              />
              <Button variant="subtle" onClick={() => onSelect(c)}>
                {t("admin.clickbot.open")}
              </Button>
              <ActionIcon variant="subtle" color="red" aria-label={t("admin.clickbot.removeChoice", { n: i + 1 })} onClick={() => set((n) => ({ ...n, choices: (n.choices ?? []).filter((_, j) => j !== i) }))}>
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group gap="xs">
            {NODE_KINDS.map((k) => (
              <Button
                key={k}
                size="xs"
                variant="light"
                data-testid={`bot-add-${k}`}
                onClick={() => {
                  const added = addNode(tree, k, node.id);
                  onChange(added.tree, added.id);
                }}
              >
                {t("admin.clickbot.addChoice", { kind: t(`admin.clickbot.kinds.${k}`) })}
              </Button>
            ))}
          </Group>
        </Stack>
      )}
      {node.kind === "link" && (
        <>
          <TextInput label={t("admin.clickbot.url")} value={node.url ?? ""} error={problemAt(problems, node.id, "url")} onChange={(e) => set((n) => ({ ...n, url: e.currentTarget.value }))} data-testid="bot-url" />
          <Texts label={t("admin.clickbot.linkLabel")} value={node.link_label ?? { fi: "", sv: "", en: "" }} problems={problems} node={node.id} field="link_label" onChange={(v) => set((n) => ({ ...n, link_label: v }))} />
        </>
      )}
      {(node.kind === "chat" || node.kind === "contact_request") && (
        <NativeSelect
          label={t(node.kind === "chat" ? "admin.clickbot.chatLine" : "admin.clickbot.requestLine")}
          value={node.line_id ?? ""}
          error={problemAt(problems, node.id, "line_id")}
          onChange={(e) => set((n) => ({ ...n, line_id: e.currentTarget.value }))}
          data={[{ value: "", label: "—" }, ...lineChoices.map((l) => ({ value: l.id, label: localized(l.name, i18n.language, l.id) }))]}
          data-testid="bot-line"
        />
      )}
    </Stack>
  );
}

// The draft walked as a citizen sees it, in one language, before anything is saved.
function Preview({ tree, lines, onClose }: { tree: Tree; lines: ServiceLine[]; onClose: () => void }) {
  const { t } = useTranslation();
  const [lang, setLang] = useState<(typeof LANGS)[number]>("fi");
  const [path, setPath] = useState<string[]>([tree.root]);
  const node = tree.nodes.find((n) => n.id === path[path.length - 1]);
  const text = (v: LocalizedText | undefined) => (v ? v[lang] || v.fi || "" : "");
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ "aria-label": t("admin.close") }} title={t("admin.clickbot.preview")} size="lg">
      <Stack gap="sm" data-testid="bot-preview">
        <SegmentedControl aria-label={t("admin.clickbot.previewLanguage")} value={lang} onChange={(v) => setLang(v as typeof lang)} data={LANGS.map((l) => ({ value: l, label: t(`admin.languages.${l}`) }))} />
        {node && (
          <Paper withBorder p="md">
            <Title order={3}>{text(node.title)}</Title>
            {text(node.text)
              .split(/\n\s*\n/)
              .filter((p) => p.trim())
              .map((p, i) => (
                <Text key={i} mt="xs" style={{ whiteSpace: "pre-wrap" }}>
                  {p}
                </Text>
              ))}
            {node.kind === "choices" && (
              <Stack gap="xs" mt="sm">
                {(node.choices ?? []).map((c) => (
                  <Button key={c} variant="default" onClick={() => setPath([...path, c])}>
                    {text(tree.nodes.find((n) => n.id === c)?.title) || c}
                  </Button>
                ))}
              </Stack>
            )}
            {node.kind === "link" && (
              <Text mt="sm">
                <a href={node.url} target="_blank" rel="noopener noreferrer">
                  {text(node.link_label)}
                </a>
              </Text>
            )}
            {(node.kind === "chat" || node.kind === "contact_request") && (
              <Text mt="sm" fw={600}>
                {t(`admin.clickbot.previewEnd.${node.kind}`, { line: localized(lines.find((l) => l.id === node.line_id)?.name, lang, node.line_id ?? "") })}
              </Text>
            )}
          </Paper>
        )}
        <Group>
          <Button variant="outline" disabled={path.length < 2} onClick={() => setPath(path.slice(0, -1))}>
            {t("admin.clickbot.back")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function Clickbot() {
  const { t, i18n } = useTranslation();
  const loaded = useLoad<TreeState>(URL);
  const lines = useLoad<{ items: ServiceLine[] }>("/api/v1/service-lines");
  const [tree, setTree] = useState<Tree | null>(null);
  const [selected, setSelected] = useState("");
  const [problems, setProblems] = useState<TreeProblem[]>([]);
  const [refused, setRefused] = useState("");
  const [busy, setBusy] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const [changed, setChanged] = useState(false);
  const state = loaded.data;
  useEffect(() => {
    if (!state) return;
    const draft = state.draft ?? newTree();
    setTree(draft);
    setSelected((s) => (draft.nodes.some((n) => n.id === s) ? s : draft.root));
    setProblems(state.problems);
    setChanged(false);
  }, [state]);
  const node = useMemo(() => tree?.nodes.find((n) => n.id === selected), [tree, selected]);
  if (!state || !tree) return <LoadError error={loaded.error} />;

  const edit = (next: Tree, select?: string) => {
    setTree(next);
    setChanged(true);
    if (select) setSelected(select);
  };
  const act = async (request: () => Promise<unknown>) => {
    setBusy(true);
    setRefused("");
    try {
      await request();
      loaded.reload();
    } catch (e) {
      const named = e instanceof ApiError ? (e.detail?.problems as TreeProblem[] | undefined) : undefined;
      if (named) setProblems(named);
      setRefused(e instanceof ApiError && e.status === 422 ? t("admin.clickbot.fix", { count: named?.length ?? 1 }) : refusal(e, t));
    } finally {
      setBusy(false);
    }
  };
  const save = () => act(() => put(`${URL}/draft`, { version: state.draft_version, tree }));
  const publish = () => act(() => post(`${URL}/publish`, { version: state.draft_version }));
  const nodeTitle = (n: TreeNode) => localized(n.title, i18n.language, "") || n.id;
  const problemNodes = new Set(problems.map((p) => p.node));

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t("admin.tabs.clickbot")}
        </Title>
        <Group gap="xs">
          <Badge variant="light" data-testid="bot-draft-version">
            {t("admin.clickbot.draftVersion", { n: state.draft_version })}
          </Badge>
          <Badge color={state.live_version ? GOOD : "gray.7"} data-testid="bot-live-version" data-version={state.live_version}>
            {state.live_version ? t("admin.clickbot.liveVersion", { n: state.live_version }) : t("admin.clickbot.nothingLive")}
          </Badge>
        </Group>
      </Group>
      <Text size="sm">{t("admin.clickbot.intro")}</Text>
      <RefusalAlert text={refused} />
      {problems.length > 0 && !refused && (
        <Alert color="orange" data-testid="bot-problems">
          {t("admin.clickbot.fix", { count: problems.length })}
        </Alert>
      )}
      <Group gap="xs">
        <Button onClick={save} loading={busy} disabled={!changed} data-testid="bot-save">
          {t("admin.clickbot.save")}
        </Button>
        <Button variant="outline" onClick={() => setPreviewing(true)} data-testid="bot-preview-open">
          {t("admin.clickbot.preview")}
        </Button>
        <Button color={GOOD} onClick={publish} loading={busy} disabled={changed || state.draft_version === 0 || state.draft_version === state.live_version} data-testid="bot-publish">
          {t("admin.clickbot.publish", { n: state.draft_version })}
        </Button>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <NativeSelect label={t("admin.clickbot.root")} value={tree.root} error={problemAt(problems, "", "root")} onChange={(e) => edit({ ...tree, root: e.currentTarget.value })} data={tree.nodes.map((n) => ({ value: n.id, label: nodeTitle(n) }))} />
          <nav aria-label={t("admin.clickbot.nodes")}>
            {tree.nodes.map((n) => (
              <NavLink
                key={n.id}
                active={n.id === selected}
                label={nodeTitle(n)}
                description={
                  <Text span size="xs" c="dark.5">
                    {t(`admin.clickbot.kinds.${n.kind}`)} · {n.id}
                  </Text>
                }
                rightSection={problemNodes.has(n.id) ? <Badge color="red">{t("admin.clickbot.hasProblems")}</Badge> : undefined}
                onClick={() => setSelected(n.id)}
                data-testid="bot-node-link"
                data-node={n.id}
              />
            ))}
          </nav>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>{node && <NodeEditor tree={tree} node={node} lines={lines.data?.items ?? []} problems={problems} onChange={edit} onSelect={setSelected} />}</Grid.Col>
      </Grid>
      {previewing && <Preview tree={tree} lines={lines.data?.items ?? []} onClose={() => setPreviewing(false)} />}
    </Stack>
  );
}
