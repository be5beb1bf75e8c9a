import type { LocalizedText } from "../../core";

/** The languages of every Tasdiq page, as of the whole system. */
export const LANGUAGES = ["ar", "en", "fr"] as const;
export type Language = (typeof LANGUAGES)[number];

/** The locale each language formats dates and numbers with. */
const LOCALES: Record<Language, string> = { ar: "ar", en: "en-GB", fr: "fr-FR" };

/** Shared by all pages, so a visitor who chose a language on one finds it on the others. */
const STORAGE_KEY = "tasdiq.language";

export function languageOf(value: string | null | undefined): Language | undefined {
  return LANGUAGES.find((language) => language === value);
}

/**
 * The language chosen before on this device, else the browser's first language the pages speak,
 * else English (the likeliest second language of a visitor who reads none of the three).
 */
export function initialLanguage(): Language {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (private mode, policies): fall back to the browser's languages.
  }
  const browser = (navigator.languages ?? [navigator.language]).map((tag) =>
    languageOf(tag.toLowerCase().split("-")[0]),
  );
  return languageOf(saved) ?? browser.find((language) => language !== undefined) ?? "en";
}

/** A page's messages in every language, and the page switched between them. */
export interface Translator<K extends string> {
  language(): Language;
  locale(): string;
  /** The message `key` in the current language, with `{name}` placeholders filled from `values`. */
  t(key: K, values?: Record<string, string | number>): string;
  /** The current language's version of a text core or the chain gives in all three. */
  localized(text: LocalizedText): string;
  /**
   * Switches the page: `lang` and `dir` (right to left in Arabic), the title, every `data-i18n` text,
   * every `data-i18n-label` accessible name and the `data-language` buttons' pressed state; and
   * remembers the choice. What the page's code drew itself, it redraws.
   */
  applyLanguage(next: Language): void;
}

/** `messages`: the page's table, each key with its text in ar, en and fr (a missing one fails the type check). */
export function translator<K extends string>(
  messages: Record<K, LocalizedText>,
  title: { name: NoInfer<K>; page: NoInfer<K> },
): Translator<K> {
  let current: Language = "en";
  const t = (key: K, values: Record<string, string | number> = {}): string =>
    messages[key][current].replace(/\{(\w+)\}/g, (_match, name: string) => String(values[name] ?? ""));
  return {
    language: () => current,
    locale: () => LOCALES[current],
    t,
    localized: (text) => text[current],
    applyLanguage(next) {
      current = next;
      try {
        localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // Not remembered when storage is unavailable; the page still switches.
      }
      document.documentElement.lang = next;
      document.documentElement.dir = next === "ar" ? "rtl" : "ltr";
      document.title = `${t(title.name)} — ${t(title.page)}`;
      for (const element of document.querySelectorAll<HTMLElement>("[data-i18n]"))
        element.textContent = t(element.dataset.i18n as K);
      for (const element of document.querySelectorAll<HTMLElement>("[data-i18n-label]")) {
        element.setAttribute("aria-label", t(element.dataset.i18nLabel as K));
      }
      for (const button of document.querySelectorAll<HTMLButtonElement>("[data-language]")) {
        button.setAttribute("aria-pressed", String(button.dataset.language === next));
      }
    },
  };
}
