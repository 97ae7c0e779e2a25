// Notifications of new work: a browser notification (when the person allowed them) and,
// only when chosen in the settings, a short sound. The choices are kept in this browser.
const KEY = "luukku.notify";

export interface NotifySettings {
  notifications: boolean;
  sound: boolean;
}

export function loadNotifySettings(): NotifySettings {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? "{}");
    return { notifications: saved.notifications !== false, sound: saved.sound === true };
  } catch {
    return { notifications: true, sound: false };
  }
}

export function saveNotifySettings(s: NotifySettings): void {
  localStorage.setItem(KEY, JSON.stringify(s));
}

function beep(): void {
  const Ctx = window.AudioContext;
  if (!Ctx) return;
  const ctx = new Ctx();
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = 880;
  gain.gain.value = 0.15;
  osc.connect(gain).connect(ctx.destination);
  osc.start();
  osc.stop(ctx.currentTime + 0.25);
  osc.onended = () => void ctx.close();
}

export function notifyNewWork(settings: NotifySettings, title: string, body: string): void {
  if (settings.sound) beep();
  if (!settings.notifications || typeof Notification === "undefined") return;
  if (Notification.permission === "granted") {
    // The tag replaces an older notification of the same kind instead of stacking them.
    new Notification(title, { body, tag: "luukku-work" });
  }
}
