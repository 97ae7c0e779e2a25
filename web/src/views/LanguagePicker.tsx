import { NativeSelect } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { LANGUAGES, type Language, setLanguage } from "../i18n";

const NAMES: Record<Language, string> = { fi: "Suomi", sv: "Svenska", en: "English" };

export function LanguagePicker({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      label={compact ? undefined : t("common.language")}
      aria-label={t("common.language")}
      size={compact ? "xs" : "sm"}
      value={i18n.language}
      onChange={(e) => setLanguage(e.currentTarget.value as Language)}
      data={LANGUAGES.map((l) => ({ value: l, label: NAMES[l] }))}
    />
  );
}
