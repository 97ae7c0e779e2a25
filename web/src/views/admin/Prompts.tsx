// The prompts callers hear, per language: listen to each, and replace one with a recording
// (a WAV; PUT /api/v1/telephony/prompts/{language}/{name}), for every line or as one line's
// own version ("<name>-<line id>").
import { useState } from "react";
import { Badge, Button, FileInput, Group, Modal, NativeSelect, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { putFile } from "../../api/client";
import type { ServiceLine } from "../../api/types";
import { localized } from "../common";
import { LoadError, RefusalAlert, useLoad, useSave } from "./load";

interface Prompt {
  language?: string;
  name: string;
  seconds: number;
  recorded: boolean;
}

const LANGUAGES = ["fi", "sv", "en"] as const;

function promptUrl(language: string, name: string): string {
  return `/api/v1/telephony/prompts/${language}/${encodeURIComponent(name)}`;
}

function Upload({ language, prompt, lines, onClose, onSaved }: { language: string; prompt: Prompt; lines: ServiceLine[]; onClose: () => void; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [line, setLine] = useState("");
  const { refused, saving, save } = useSave(onSaved);
  const upload = () => file && save(() => putFile(promptUrl(language, line ? `${prompt.name}-${line}` : prompt.name), file, "audio/wav"));
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ "aria-label": t("admin.close") }} title={t("admin.prompts.replaceOf", { name: prompt.name })}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void upload();
        }}
      >
        <Stack gap="sm">
          <RefusalAlert text={refused} />
          <FileInput label={t("admin.prompts.file")} description={t("admin.prompts.fileHelp")} accept="audio/wav,audio/x-wav,.wav" value={file} onChange={setFile} data-testid="prompt-file" />
          {!lines.some((l) => prompt.name.endsWith(`-${l.id}`)) && (
            <NativeSelect
              label={t("admin.prompts.appliesTo")}
              value={line}
              onChange={(e) => setLine(e.currentTarget.value)}
              data={[{ value: "", label: t("admin.prompts.allLines") }, ...lines.map((l) => ({ value: l.id, label: localized(l.name, i18n.language, l.id) }))]}
            />
          )}
          <Group justify="flex-end">
            <Button variant="outline" onClick={onClose}>
              {t("admin.cancel")}
            </Button>
            <Button type="submit" disabled={!file} loading={saving}>
              {t("admin.prompts.upload")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function Prompts() {
  const { t, i18n } = useTranslation();
  const [language, setLanguage] = useState<string>(LANGUAGES.includes(i18n.language as "fi") ? i18n.language : "fi");
  const prompts = useLoad<{ items: Prompt[] }>("/api/v1/telephony/prompts");
  const lines = useLoad<{ items: ServiceLine[] }>("/api/v1/service-lines");
  const [replacing, setReplacing] = useState<Prompt | null>(null);
  // Each upload changes what the players play: a new key makes them load it again.
  const [generation, setGeneration] = useState(0);
  const shown = (prompts.data?.items ?? []).filter((p) => (p.language ?? language) === language);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t("admin.tabs.prompts")}
        </Title>
        <SegmentedControl
          aria-label={t("admin.prompts.language")}
          value={language}
          onChange={setLanguage}
          data={LANGUAGES.map((l) => ({ value: l, label: t(`admin.languages.${l}`) }))}
        />
      </Group>
      <LoadError error={prompts.error} />
      <Table striped data-testid="prompts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("admin.prompts.name")}</Table.Th>
            <Table.Th ta="right">{t("admin.prompts.length")}</Table.Th>
            <Table.Th>{t("admin.prompts.source")}</Table.Th>
            <Table.Th>{t("admin.prompts.listen")}</Table.Th>
            <Table.Th>{t("admin.actions")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((p) => (
            <Table.Tr key={`${p.language ?? ""}/${p.name}`} data-prompt={p.name} data-recorded={p.recorded}>
              <Table.Th scope="row">{p.name}</Table.Th>
              <Table.Td ta="right" className="lk-num">
                {new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(p.seconds)} s
              </Table.Td>
              <Table.Td>
                <Badge color={p.recorded ? "blue.9" : "gray.7"} variant="filled">
                  {t(p.recorded ? "admin.prompts.recorded" : "admin.prompts.generated")}
                </Badge>
              </Table.Td>
              <Table.Td>
                <audio key={`${p.name}-${generation}`} controls preload="none" src={promptUrl(language, p.name)} aria-label={t("admin.prompts.listenTo", { name: p.name })} />
              </Table.Td>
              <Table.Td>
                <Button size="xs" variant="outline" onClick={() => setReplacing(p)} aria-label={t("admin.prompts.replaceOf", { name: p.name })}>
                  {t("admin.prompts.replace")}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {prompts.data && shown.length === 0 && <Text>{t("admin.prompts.none")}</Text>}
      {replacing && (
        <Upload
          language={language}
          prompt={replacing}
          lines={lines.data?.items ?? []}
          onClose={() => setReplacing(null)}
          onSaved={() => {
            setReplacing(null);
            setGeneration((g) => g + 1);
            prompts.reload();
          }}
        />
      )}
    </Stack>
  );
}
