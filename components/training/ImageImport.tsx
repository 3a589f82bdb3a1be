'use client';
import { useState } from 'react';
import { buildImageSet, type RawFile, type Skipped } from '../../lib/data/image-folder';
import type { Design } from '../../lib/graph/schema';
import { browserDecoder } from './decode-image';
import { trainingClient } from './worker-client';

type Slot = { name: string; label: string; size: { height: number; width: number; channels: 1 | 3 } };

/** The image sets a design asks the user for: a folder dataset, or two folders for a translation. */
function slotsOf(design: Design | null): Slot[] {
  const slots: Slot[] = [];
  for (const n of design?.training.nodes ?? []) {
    const p = n.params;
    const size = { height: Number(p['height'] ?? 28), width: Number(p['width'] ?? 28), channels: (Number(p['channels'] ?? 1) === 3 ? 3 : 1) as 1 | 3 };
    if (n.type === 'dataset' && p['name'] === 'folder') slots.push({ name: 'folder', label: 'Your images', size });
    if (n.type === 'domains' && p['pair'] === 'folders') slots.push({ name: 'folderA', label: 'Domain A images', size }, { name: 'folderB', label: 'Domain B images', size });
  }
  return slots;
}

export function ImageImport({ design }: { design: Design | null }) {
  const slots = slotsOf(design);
  if (slots.length === 0) return null;
  return (
    <fieldset className="training-images">
      <legend>Training images</legend>
      {slots.map((s) => (
        <ImageSlot key={s.name} slot={s} />
      ))}
    </fieldset>
  );
}

function ImageSlot({ slot }: { slot: Slot }) {
  const [state, setState] = useState<{ busy: boolean; summary: string | null; skipped: Skipped[] }>({ busy: false, summary: null, skipped: [] });
  const load = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    setState({ busy: true, summary: null, skipped: [] });
    const files: RawFile[] = await Promise.all(
      [...list].map(async (f) => ({ path: f.webkitRelativePath || f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
    );
    const { set, skipped } = await buildImageSet(files, browserDecoder, slot.size);
    if (set.count > 0) trainingClient.send({ type: 'images', name: slot.name, set });
    const classes = set.classNames.length ? ` in ${set.classNames.length} classes (${set.classNames.slice(0, 5).join(', ')}${set.classNames.length > 5 ? ', …' : ''})` : '';
    setState({ busy: false, summary: set.count > 0 ? `${set.count.toLocaleString('en')} images${classes}, resized to ${slot.size.width}×${slot.size.height}; ${skipped.length} skipped` : `no usable images; ${skipped.length} skipped`, skipped });
  };
  return (
    <div className="training-image-slot">
      <span>{slot.label}</span>
      <label>
        folder
        <input type="file" multiple aria-label={`${slot.label}: choose a folder`} {...{ webkitdirectory: '' }} onChange={(e) => void load(e.target.files)} />
      </label>
      <label>
        zip or files
        <input type="file" multiple accept=".zip,image/*" aria-label={`${slot.label}: choose a zip or images`} onChange={(e) => void load(e.target.files)} />
      </label>
      {state.busy && <span role="status">reading…</span>}
      {state.summary && <span role="status">{state.summary}</span>}
      {state.skipped.length > 0 && (
        <details>
          <summary>skipped files</summary>
          <ul>
            {state.skipped.slice(0, 50).map((s) => (
              <li key={s.path}>
                {s.path}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
