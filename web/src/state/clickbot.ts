// A clickbot tree as the administrator edits it (docs/chat.md, "Clickbot trees"): the same
// shape the API takes, and the edits the authoring view makes, as pure functions. The server
// checks the whole tree when it is saved and names every problem's node and field.
import type { LocalizedText } from "../api/types";

export const NODE_KINDS = ["choices", "article", "link", "contact_request", "chat"] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export interface TreeNode {
  id: string;
  kind: NodeKind;
  title: LocalizedText;
  text: LocalizedText;
  choices?: string[];
  url?: string;
  link_label?: LocalizedText;
  line_id?: string;
}

export interface Tree {
  root: string;
  nodes: TreeNode[];
}

export interface TreeProblem {
  node: string;
  field: string;
  message: string;
}

const empty = (): LocalizedText => ({ fi: "", sv: "", en: "" });

export function newTree(): Tree {
  return { root: "alku", nodes: [{ id: "alku", kind: "choices", title: empty(), text: empty(), choices: [] }] };
}

// A fresh id not yet in the tree: "solmu-1", "solmu-2", ...
export function freshId(tree: Tree, stem = "solmu"): string {
  for (let i = 1; ; i++) {
    const id = `${stem}-${i}`;
    if (!tree.nodes.some((n) => n.id === id)) return id;
  }
}

// Adds a node of `kind`, offered as a new choice of `parent` when that one offers choices.
export function addNode(tree: Tree, kind: NodeKind, parent?: string): { tree: Tree; id: string } {
  const id = freshId(tree);
  const node = withKind({ id, kind: "choices", title: empty(), text: empty() }, kind);
  const nodes = tree.nodes.map((n) => (n.id === parent && n.kind === "choices" ? { ...n, choices: [...(n.choices ?? []), id] } : n));
  return { tree: { ...tree, nodes: [...nodes, node] }, id };
}

// Removes a node and every choice that led to it.
export function removeNode(tree: Tree, id: string): Tree {
  return {
    ...tree,
    nodes: tree.nodes.filter((n) => n.id !== id).map((n) => (n.choices ? { ...n, choices: n.choices.filter((c) => c !== id) } : n)),
  };
}

// Renames a node, and the choices that lead to it and the root with it.
export function renameNode(tree: Tree, from: string, to: string): Tree {
  return {
    root: tree.root === from ? to : tree.root,
    nodes: tree.nodes.map((n) => ({
      ...(n.id === from ? { ...n, id: to } : n),
      ...(n.choices ? { choices: n.choices.map((c) => (c === from ? to : c)) } : {}),
    })),
  };
}

// The node with the fields its kind has, and no others (the server refuses the rest).
export function withKind(node: TreeNode, kind: NodeKind): TreeNode {
  const base: TreeNode = { id: node.id, kind, title: node.title, text: node.text };
  if (kind === "choices") return { ...base, choices: node.choices ?? [] };
  if (kind === "link") return { ...base, url: node.url ?? "https://", link_label: node.link_label ?? empty() };
  if (kind === "chat" || kind === "contact_request") return { ...base, line_id: node.line_id ?? "" };
  return base;
}

export function updateNode(tree: Tree, id: string, change: (n: TreeNode) => TreeNode): Tree {
  return { ...tree, nodes: tree.nodes.map((n) => (n.id === id ? change(n) : n)) };
}

// The problem the server named for `node`'s `field` ("title.sv", "choices[2]", ...), if any.
export function problemAt(problems: TreeProblem[], node: string, field: string): string | undefined {
  return problems.find((p) => p.node === node && p.field === field)?.message;
}
