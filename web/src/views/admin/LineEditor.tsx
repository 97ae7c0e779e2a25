// Editing a service line: names, numbers, opening hours and exceptions, and the routing and
// callback policy the API takes. What is typed is checked before it is sent (state/admin.ts,
// formToLine); what the server still refuses is shown with its reason.
import { useEffect, useRef, useState } from "react";
import { ActionIcon, Button, Fieldset, Group, Modal, NativeSelect, SimpleGrid, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { put } from "../../api/client";
import { DAYS, dayName, DUE_RULES, type FormErrors, formToLine, type LineForm, lineToForm, OVERFLOW_ACTIONS, type ServiceLineConfig } from "../../state/admin";
import { localized } from "../common";
import { DateField } from "../DateField";
import { RefusalAlert, useSave } from "./load";

export function LineEditor({ line, onClose, onSaved }: { line: ServiceLineConfig; onClose: () => void; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<LineForm>(() => lineToForm(line, i18n.language));
  const [errors, setErrors] = useState<FormErrors>({});
  const [mistakes, setMistakes] = useState(false);
  const { refused, saving, save: send } = useSave(onSaved);
  const formRef = useRef<HTMLFormElement>(null);
  // A refused form takes the person to its first mistake.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
  const set = (change: Partial<LineForm>) => setForm((f) => ({ ...f, ...change }));
  const error = (key: string) => (errors[key] ? t(`admin.invalid.${errors[key]}`) : undefined);
  const text = (key: keyof LineForm, label: string, extra: { description?: string; placeholder?: string } = {}) => (
    <TextInput label={label} value={form[key] as string} onChange={(e) => set({ [key]: e.currentTarget.value })} error={error(key)} {...extra} />
  );
  const choice = (key: keyof LineForm, label: string, values: readonly string[], section: string) => (
    <NativeSelect
      label={label}
      value={form[key] as string}
      onChange={(e) => set({ [key]: e.currentTarget.value })}
      data={values.map((v) => ({ value: v, label: t(`admin.${section}.${v}`) }))}
    />
  );

  const save = () => {
    const result = formToLine(line, form, i18n.language);
    setErrors(result.errors ?? {});
    setMistakes(!!result.errors);
    if (result.line) void send(() => put(`/api/v1/service-lines/${encodeURIComponent(line.id)}`, result.line));
  };

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ "aria-label": t("admin.close") }} size="xl" title={t("admin.lines.editOf", { name: localized(line.name, i18n.language, line.id) })}>
      <form
        ref={formRef}
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <Stack gap="sm">
          <RefusalAlert text={mistakes ? t("admin.lines.fixErrors") : refused} />
          <Fieldset legend={t("admin.lines.name")}>
            <SimpleGrid cols={3}>
              {(["fi", "sv", "en"] as const).map((l) => (
                <TextInput
                  key={l}
                  label={t(`admin.languages.${l}`)}
                  value={form.name[l]}
                  onChange={(e) => set({ name: { ...form.name, [l]: e.currentTarget.value } })}
                  error={error(`name.${l}`)}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
          {text("numbers", t("admin.lines.numbers"), { description: t("admin.lines.numbersHelp") })}
          <Group>
            <Switch label={t("admin.lines.active")} checked={form.active} onChange={(e) => set({ active: e.currentTarget.checked })} />
            <Switch label={t("admin.lines.closedOnHolidays")} checked={form.closedOnHolidays} onChange={(e) => set({ closedOnHolidays: e.currentTarget.checked })} />
          </Group>
          <Fieldset legend={t("admin.lines.hours")}>
            <SimpleGrid cols={4}>
              {DAYS.map((d) => (
                <TextInput
                  key={d}
                  label={dayName(d, i18n.language, "long")}
                  placeholder="08:00-16:00"
                  value={form.hours[d]}
                  onChange={(e) => set({ hours: { ...form.hours, [d]: e.currentTarget.value } })}
                  error={error(`hours.${d}`)}
                  data-day={d}
                />
              ))}
            </SimpleGrid>
            <Text size="xs" c="gray.7" mt={4}>
              {t("admin.lines.hoursHelp")}
            </Text>
          </Fieldset>
          <Fieldset legend={t("admin.lines.exceptions")}>
            <Stack gap="xs">
              {form.exceptions.map((x, i) => {
                const change = (c: Partial<typeof x>) => set({ exceptions: form.exceptions.map((y, j) => (j === i ? { ...y, ...c } : y)) });
                return (
                  <Group key={i} align="flex-start" wrap="nowrap">
                    <DateField label={t("admin.lines.date")} value={x.date} onChange={(date) => change({ date })} error={error(`exceptions.${i}.date`)} />
                    <TextInput label={t("admin.lines.hoursOfDay")} placeholder={t("admin.lines.closed")} value={x.hours} onChange={(e) => change({ hours: e.currentTarget.value })} error={error(`exceptions.${i}.hours`)} />
                    <TextInput label={t("admin.lines.reason")} value={x.reason} onChange={(e) => change({ reason: e.currentTarget.value })} style={{ flex: 1 }} />
                    <ActionIcon
                      mt={26}
                      variant="outline"
                      color="red.9"
                      aria-label={t("admin.lines.removeException", { date: x.date || i + 1 })}
                      onClick={() => set({ exceptions: form.exceptions.filter((_, j) => j !== i) })}
                    >
                      ×
                    </ActionIcon>
                  </Group>
                );
              })}
              <Group>
                <Button size="xs" variant="outline" onClick={() => set({ exceptions: [...form.exceptions, { date: "", hours: "", reason: "" }] })}>
                  {t("admin.lines.addException")}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
          <Fieldset legend={t("admin.lines.routing")}>
            <SimpleGrid cols={3}>
              {text("target", t("admin.lines.targetS"))}
              {text("queueLimit", t("admin.lines.queueLimit"), { description: t("admin.lines.emptyIsNone") })}
              {text("maxWait", t("admin.lines.maxWaitS"), { description: t("admin.lines.emptyIsNone") })}
              {text("wrapUp", t("admin.lines.wrapUpS"))}
              {text("offerTimeout", t("admin.lines.offerTimeoutS"))}
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={t("admin.lines.callback")}>
            <SimpleGrid cols={3}>
              {choice("whenClosed", t("admin.lines.whenClosed"), OVERFLOW_ACTIONS, "overflow")}
              {choice("whenBusy", t("admin.lines.whenBusy"), OVERFLOW_ACTIONS, "overflow")}
              {choice("whenQueueFull", t("admin.lines.whenQueueFull"), OVERFLOW_ACTIONS, "overflow")}
              {choice("whenWaitTooLong", t("admin.lines.whenWaitTooLong"), OVERFLOW_ACTIONS, "overflow")}
              {choice("dueRule", t("admin.lines.due"), DUE_RULES, "due")}
              {form.dueRule === "within" && text("dueWithinHours", t("admin.lines.dueWithinHours"))}
              {text("maxAttempts", t("admin.lines.maxAttempts"))}
            </SimpleGrid>
          </Fieldset>
          <Group justify="flex-end">
            <Button variant="outline" onClick={onClose}>
              {t("admin.cancel")}
            </Button>
            <Button type="submit" loading={saving}>
              {t("admin.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
