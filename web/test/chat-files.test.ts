import { describe, expect, it } from "vitest";
import { checkFile, filesUrl, formatSize, isImage, MAX_FILE_BYTES, problemOf } from "../src/chat/attachments";

describe("files in chats", () => {
  it("tells an empty or too large file before sending it", () => {
    expect(checkFile({ size: 0 })).toBe("empty");
    expect(checkFile({ size: MAX_FILE_BYTES + 1 })).toBe("too_large");
    expect(checkFile({ size: MAX_FILE_BYTES })).toBeNull();
  });

  it("names the server's refusals, the body limit as too large and anything else as failed", () => {
    expect(problemOf("unsupported_type")).toBe("unsupported_type");
    expect(problemOf("infected")).toBe("infected");
    expect(problemOf("payload_too_large")).toBe("too_large");
    expect(problemOf("internal")).toBe("failed");
    expect(problemOf(undefined)).toBe("failed");
  });

  it("puts the name and client_id in the query, encoded", () => {
    expect(filesUrl("/api/v1/chat/c-1/files", "v 1", "Hoito-ohje ä&x.pdf")).toBe(
      "/api/v1/chat/c-1/files?name=Hoito-ohje%20%C3%A4%26x.pdf&client_id=v%201",
    );
  });

  it("says sizes in kB and MB and knows pictures", () => {
    expect(formatSize(12_300, "en")).toBe("12 kB");
    expect(formatSize(200, "en")).toBe("1 kB");
    expect(formatSize(2_500_000, "fi")).toBe("2,5 MB");
    expect(isImage({ id: "x", name: "a.png", type: "image/png", size: 1 })).toBe(true);
    expect(isImage({ id: "x", name: "a.pdf", type: "application/pdf", size: 1 })).toBe(false);
  });
});
