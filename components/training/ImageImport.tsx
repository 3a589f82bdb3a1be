'use client';
import { useState } from 'react';
import { ImportStatus, type ImportState } from './ImportStatus';
import { buildImageSet, filesToRead, type RawFile } from '../../lib/data/image-folder';
import { blocks } from '../../lib/blocks';
import type { Design } from '../../lib/graph/schema';
import { plural } from '../../lib/editor/format';
import { imageSetNeeds } from '../../lib/train/image-needs';
import { isUserImages } from '../../lib/data/source';
import { browserDecoder } from './decode-image';
import { PairSlot, pairSizes } from './PairImport';
import { trainingClient } from './worker-client';

type Slot = { name: string; label: string; size: { height: number; width: number; channels: 1 | 3 } };

const LABELS = { folder: 'Your images', folderA: 'Domain A images', folderB: 'Domain B images' } as const;

/** The image sets a design asks the user for: a folder dataset, or two folders for a translation (pairs: PairImport). */
function slotsOf(design: Design | null): Slot[] {
  return (design ? imageSetNeeds(design, blocks) : []).flatMap((n) =>
    isUserImages(n) && n.name !== 'pairsA' && n.name !== 'pairsB' ? [{ name: n.name, label: LABELS[n.name], size: { height: n.height, width: n.width, channels: n.channels } }] : [],
  );
}

export function ImageImport({ design }: { design: Design | null }) {
  const slots = slotsOf(design);
  const pairs = pairSizes(design ? imageSetNeeds(design, blocks) : []);
  if (slots.length === 0 && !pairs) return null;
  return (
    <fieldset className="training-images">
      <legend>Training images</legend>
      {slots.map((s) => (
        <ImageSlot key={s.name} slot={s} />
      ))}
      {pairs && <PairSlot sizes={pairs} />}
    </fieldset>
  );
}

function ImageSlot({ slot }: { slot: Slot }) {
  const [state, setState] = useState<ImportState>({ busy: false, summary: null, skipped: [] });
  const load = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    setState({ busy: true, summary: null, skipped: [] });
    // Sizes first: a file too large to be one of ours is skipped before a byte of it is read.
    const picked = [...list];
    const plan = filesToRead(picked.map((f) => ({ path: f.webkitRelativePath || f.name, size: f.size })));
    const files: RawFile[] = await Promise.all(
      plan.read.map(async (i) => ({ path: picked[i]!.webkitRelativePath || picked[i]!.name, bytes: new Uint8Array(await picked[i]!.arrayBuffer()) })),
    );
    const built = await buildImageSet(files, browserDecoder, slot.size);
    const set = built.set;
    const skipped = [...plan.skipped, ...built.skipped];
    if (set.count > 0) trainingClient.send({ type: 'images', name: slot.name, set });
    const classes = set.classNames.length ? ` in ${plural(set.classNames.length, 'class', 'classes')} (${set.classNames.slice(0, 5).join(', ')}${set.classNames.length > 5 ? ', …' : ''})` : '';
    setState({ busy: false, summary: set.count > 0 ? `${plural(set.count, 'image')}${classes}, resized to ${slot.size.width}×${slot.size.height}; ${skipped.length} skipped` : `no usable images; ${skipped.length} skipped`, skipped });
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
      <ImportStatus state={state} />
    </div>
  );
}
