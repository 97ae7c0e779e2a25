// Files in a chat, in real browsers against the real server: a visitor attaches a picture with
// the "attach" button, the professional sees it in the chat tab and sends a PDF back, which the
// visitor downloads byte for byte; a file that is not what its name says is refused, and the
// visitor is told so in words. Both views are checked with axe-core and kept as screenshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { ARTIFACTS, Harness, eventually } from "./harness.mjs";
import { accessible, newPage, screenshot, serverAndBrowser, signIn } from "./browser.mjs";

const h = new Harness();
const running = serverAndBrowser(h, { region: join(import.meta.dirname, "chat-region.toml") });
let agent;
let visitor;
let chatId;

// A real PNG (a 96×64 gradient), so the browsers decode and show it.
function png(width, height) {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "latin1");
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set([Math.round((255 * x) / width), Math.round((255 * y) / height), 160], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const PICTURE = png(96, 64);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

// Chooses `file` with the button named `name`, as a person would (the file chooser opens).
async function attach(page, name, file) {
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name }).click()]);
  await chooser.setFiles(file);
}

test("a professional is ready and accepts a visitor's chat", async () => {
  agent = await newPage(running.browser);
  await signIn(agent, h.base, "aino", h.agentPassword);
  await agent.locator("[data-testid=feed-status][data-status=live]").waitFor();
  await agent.locator("label", { hasText: "Valmis" }).click();
  await eventually(async () => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === "a1")?.state.status === "available", 5000, "a1 available");

  visitor = await newPage(running.browser);
  await visitor.goto(h.base + "/chat/");
  await visitor.getByRole("radio", { name: /Chat-neuvonta/ }).check();
  await visitor.getByLabel(/Nimesi/).fill("Maija");
  await visitor.getByRole("button", { name: "Aloita keskustelu" }).click();
  await visitor.locator("[data-testid=chat-waiting]").waitFor();
  chatId = JSON.parse(await visitor.evaluate(() => sessionStorage.getItem("luukku.chat"))).chat_id;
  await agent.locator(`[data-testid=offer][data-item="${chatId}"]`).getByRole("button", { name: /Hyväksy/ }).click({ timeout: 15000 });
  await visitor.locator("[data-testid=chat-active]").waitFor({ timeout: 10000 });
});

test("the visitor sends a picture, sees it sent, and the professional sees it in the chat", async () => {
  await attach(visitor, "Liitä tiedosto", { name: "ihottuma.png", mimeType: "image/png", buffer: PICTURE });
  await visitor.locator("[data-testid=chat-file-status][data-state=sent]", { hasText: "Tiedosto ihottuma.png lähetetty." }).waitFor({ timeout: 10000 });
  const mine = visitor.getByRole("img", { name: "ihottuma.png" });
  await mine.waitFor();
  const shown = agent.locator(`[data-testid=desk-chat][data-chat="${chatId}"]`).getByRole("img", { name: "ihottuma.png" });
  await shown.waitFor({ timeout: 10000 });
  // Decoded and drawn, not a broken image.
  await eventually(async () => (await shown.evaluate((img) => img.complete && img.naturalWidth)) === 96, 5000, "the picture decoded");
  await eventually(async () => (await mine.evaluate((img) => img.complete && img.naturalWidth)) === 96, 5000, "the visitor's copy decoded");
  assert.match(await shown.getAttribute("src"), /^blob:/);
});

test("the professional sends a PDF back and the visitor downloads it", async () => {
  const chat = agent.locator(`[data-testid=desk-chat][data-chat="${chatId}"]`);
  await attach(agent, "Liitä tiedosto", { name: "Hoito-ohje.pdf", mimeType: "application/pdf", buffer: PDF });
  await chat.locator("[data-testid=desk-chat-file-status][data-state=sent]").waitFor({ timeout: 10000 });
  const link = visitor.getByRole("link", { name: /Lataa Hoito-ohje\.pdf/ });
  await link.waitFor({ timeout: 10000 });
  const [download] = await Promise.all([visitor.waitForEvent("download"), link.click()]);
  assert.equal(download.suggestedFilename(), "Hoito-ohje.pdf");
  assert.deepEqual(readFileSync(await download.path()), PDF);
  await accessible(visitor, "the conversation with files");
  await screenshot(visitor, "chat-files-visitor", { fullPage: true });
  await accessible(agent, "the desktop's chat with files");
  await agent.locator("[data-testid=chat-panel]").screenshot({ path: join(ARTIFACTS, "chat-files-desktop.png") });
});

test("a file that is not what its name says is refused and the visitor is told why", async () => {
  await attach(visitor, "Liitä tiedosto", { name: "kuva.png", mimeType: "image/png", buffer: Buffer.from("<html><script>alert(1)</script></html>") });
  const status = visitor.locator("[data-testid=chat-file-status][data-state=refused]");
  await status.waitFor({ timeout: 10000 });
  assert.match(await status.textContent(), /Tiedostoa kuva\.png ei lähetetty: vain kuvat/);
  assert.equal(await status.getAttribute("role"), "alert");
  await accessible(visitor, "a refused file");
  // Two messages, each once: the picture and the PDF.
  const stored = (await h.events("chat.message")).filter((e) => e.stream === `chat/${chatId}`);
  assert.deepEqual(
    stored.map((e) => [e.data.seq, e.data.from, e.data.attachment?.media_type]),
    [
      [1, "visitor", "image/png"],
      [2, "professional", "application/pdf"],
    ],
  );
});
