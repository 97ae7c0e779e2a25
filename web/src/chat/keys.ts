// The message field's keys on both sides: Enter sends, Shift+Enter starts a new line, and an
// Enter that ends an input method's composition (Japanese, Chinese, ...) only ends it.
import type { KeyboardEvent } from "react";

export function enterSends(submit: () => void): (e: KeyboardEvent<HTMLTextAreaElement>) => void {
  return (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };
}
