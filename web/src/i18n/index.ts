// Every text of the app in Finnish (the default), Swedish and English. The chosen language
// is kept in this browser.
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { fi } from "./fi";
import { sv } from "./sv";

export const LANGUAGES = ["fi", "sv", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const KEY = "luukku.language";

export function savedLanguage(): Language {
  const saved = localStorage.getItem(KEY);
  return (LANGUAGES as readonly string[]).includes(saved ?? "") ? (saved as Language) : "fi";
}

export function setLanguage(lang: Language): void {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

export function initI18n(): void {
  const lng = savedLanguage();
  document.documentElement.lang = lng;
  void i18next.use(initReactI18next).init({
    resources: { fi: { translation: fi }, sv: { translation: sv }, en: { translation: en } },
    lng,
    fallbackLng: "fi",
    interpolation: { escapeValue: false },
  });
}
