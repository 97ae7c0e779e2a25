// The language machinery both entry points share: the desktop (i18n/index.ts, its own texts)
// and the citizen's chat (citizen/i18n.ts, a few texts of its own, so that neither page loads
// the other's). The chosen language is kept in this browser.
import i18next, { type Resource } from "i18next";
import { initReactI18next } from "react-i18next";

export const LANGUAGES = ["fi", "sv", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const KEY = "luukku.language";

export function isLanguage(lang: string | null | undefined): lang is Language {
  return (LANGUAGES as readonly string[]).includes(lang ?? "");
}

export function savedLanguage(): Language {
  const saved = localStorage.getItem(KEY);
  return isLanguage(saved) ? saved : "fi";
}

export function setLanguage(lang: Language): void {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

export function initI18nWith(resources: Resource, lng: Language = savedLanguage()): void {
  document.documentElement.lang = lng;
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: "fi",
    interpolation: { escapeValue: false },
  });
}
