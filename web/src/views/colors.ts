// Colours of states, dark enough for white text at 4.5:1 (Mantine's green.9 and orange.9
// reach only 4.3–4.4 with white).
export const GOOD = "#1f6f33";
export const WARN = "#a8430a";
