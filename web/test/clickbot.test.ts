// The administrator's edits of a clickbot tree (state/clickbot.ts).
import { describe, expect, it } from "vitest";
import { addNode, newTree, problemAt, removeNode, renameNode, withKind } from "../src/state/clickbot";

describe("editing a clickbot tree", () => {
  it("adds a node as a new choice of its parent, with a fresh id", () => {
    const { tree, id } = addNode(newTree(), "chat", "alku");
    expect(id).toBe("solmu-1");
    expect(tree.nodes.find((n) => n.id === "alku")?.choices).toEqual(["solmu-1"]);
    expect(tree.nodes.find((n) => n.id === id)).toMatchObject({ kind: "chat", line_id: "" });
    expect(addNode(tree, "article").id).toBe("solmu-2");
  });

  it("removes a node and every choice that led to it", () => {
    const { tree } = addNode(newTree(), "article", "alku");
    const removed = removeNode(tree, "solmu-1");
    expect(removed.nodes.map((n) => n.id)).toEqual(["alku"]);
    expect(removed.nodes[0].choices).toEqual([]);
  });

  it("renames a node with the choices and the root that name it", () => {
    const { tree } = addNode(newTree(), "article", "alku");
    const renamed = renameNode(renameNode(tree, "solmu-1", "ohje"), "alku", "start");
    expect(renamed.root).toBe("start");
    expect(renamed.nodes.map((n) => n.id)).toEqual(["start", "ohje"]);
    expect(renamed.nodes[0].choices).toEqual(["ohje"]);
  });

  it("keeps only the fields of a node's kind", () => {
    const link = withKind(newTree().nodes[0], "link");
    expect(link).not.toHaveProperty("choices");
    expect(link.url).toBe("https://");
    expect(withKind(link, "article")).not.toHaveProperty("url");
  });

  it("finds the server's problem for a node's field", () => {
    const problems = [{ node: "ohje", field: "text.sv", message: "is missing" }];
    expect(problemAt(problems, "ohje", "text.sv")).toBe("is missing");
    expect(problemAt(problems, "ohje", "text.fi")).toBeUndefined();
  });
});
