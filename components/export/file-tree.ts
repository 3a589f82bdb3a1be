/**
 * The export dialog's file list as a tree (a project has 70-odd files, most of them GAN Studio's runtime under
 * src/lib/): folders before files at each level, each in the order the paths come in. Plain data and pure functions;
 * ExportDialog.tsx draws the rows and keeps which folders are open.
 */

type Folder = { path: string; name: string; folders: Map<string, Folder>; files: string[] };

/** One row of the tree as drawn: what the ARIA tree pattern needs (level, position among its siblings, parent). */
export type TreeRow = {
  kind: 'folder' | 'file';
  path: string;
  name: string;
  level: number;
  posInSet: number;
  setSize: number;
  parent: string | null;
  /** For folders: whether their rows show. */
  expanded: boolean;
};

const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

function buildTree(paths: readonly string[]): Folder {
  const root: Folder = { path: '', name: '', folders: new Map(), files: [] };
  for (const path of paths) {
    const parts = path.split('/');
    let at = root;
    for (const part of parts.slice(0, -1)) {
      const sub = at.path ? `${at.path}/${part}` : part;
      let next = at.folders.get(part);
      if (!next) {
        next = { path: sub, name: part, folders: new Map(), files: [] };
        at.folders.set(part, next);
      }
      at = next;
    }
    at.files.push(path);
  }
  return root;
}

/** The rows shown: every top-level entry, and the entries of each expanded folder whose parents are expanded too. */
export function treeRows(paths: readonly string[], expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (f: Folder, level: number) => {
    const setSize = f.folders.size + f.files.length;
    let pos = 0;
    const parent = f.path || null;
    for (const sub of f.folders.values()) {
      const open = expanded.has(sub.path);
      rows.push({ kind: 'folder', path: sub.path, name: sub.name, level, posInSet: ++pos, setSize, parent, expanded: open });
      if (open) walk(sub, level + 1);
    }
    for (const path of f.files) rows.push({ kind: 'file', path, name: nameOf(path), level, posInSet: ++pos, setSize, parent, expanded: false });
  };
  walk(buildTree(paths), 1);
  return rows;
}

/** The folders a path lies in, outermost first: "src/lib/rng.ts" → ["src", "src/lib"]. */
export function foldersOf(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** What a key does on a row (WAI-ARIA's tree view pattern): move the focus to a row, or open or close a folder. */
export type TreeKeyAction = { focus: string } | { expand: string } | { collapse: string } | null;

export function treeKey(rows: readonly TreeRow[], at: string, key: string): TreeKeyAction {
  const i = rows.findIndex((r) => r.path === at);
  const row = rows[i];
  if (!row) return rows[0] ? { focus: rows[0].path } : null;
  const to = (r: TreeRow | undefined) => (r ? { focus: r.path } : null);
  switch (key) {
    case 'ArrowDown':
      return to(rows[i + 1]);
    case 'ArrowUp':
      return to(rows[i - 1]);
    case 'Home':
      return to(rows[0]);
    case 'End':
      return to(rows[rows.length - 1]);
    case 'ArrowRight':
      if (row.kind !== 'folder') return null;
      return row.expanded ? to(rows[i + 1]?.parent === row.path ? rows[i + 1] : undefined) : { expand: row.path };
    case 'ArrowLeft':
      if (row.kind === 'folder' && row.expanded) return { collapse: row.path };
      return row.parent ? { focus: row.parent } : null;
    default:
      return null;
  }
}
