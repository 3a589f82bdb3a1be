'use client';
import { useState } from 'react';
import { ImportStatus, type ImportState } from './ImportStatus';
import { buildPairedFolder, pairSummary } from '../../lib/data/folder-pairs';
import { filesToRead, type RawFile, type Size } from '../../lib/data/image-folder';
import { isUserImages, type ImageSetNeed } from '../../lib/data/source';
import { browserDecoder } from './decode-image';
import { trainingClient } from './worker-client';

export type PairSizes = { a: Size; b: Size };

/** The sizes a paired-folder source asks for (its 'pairsA' and 'pairsB' needs), or null when the design has none. */
export function pairSizes(needs: readonly ImageSetNeed[]): PairSizes | null {
  const size = (name: string) => {
    const n = needs.find((x) => x.name === name);
    return n && isUserImages(n) ? { height: n.height, width: n.width, channels: n.channels } : null;
  };
  const a = size('pairsA');
  const b = size('pairsB');
  return a && b ? { a, b } : null;
}

/**
 * One folder (or zip) of pairs, A/ and B/ with matching names, read into two index-aligned sets for the worker. Files
 * without a partner are counted and the first few named in the summary; every skipped file is listed with its reason.
 */
export function PairSlot({ sizes }: { sizes: PairSizes }) {
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
    const built = await buildPairedFolder(files, browserDecoder, sizes);
    if (built.a.count > 0) {
      trainingClient.send({ type: 'images', name: 'pairsA', set: built.a, more: true });
      trainingClient.send({ type: 'images', name: 'pairsB', set: built.b });
    }
    const skipped = [...plan.skipped, ...built.skipped];
    const resized = `A resized to ${sizes.a.width}×${sizes.a.height}, B to ${sizes.b.width}×${sizes.b.height}`;
    setState({ busy: false, summary: built.a.count > 0 ? `${pairSummary(built)}; ${resized}` : `no usable pairs: ${pairSummary(built)}`, skipped });
  };
  return (
    <div className="training-image-slot">
      <span>Paired images (A/ → B/)</span>
      <label>
        folder
        <input type="file" multiple aria-label="Paired images: choose a folder with A/ and B/" {...{ webkitdirectory: '' }} onChange={(e) => void load(e.target.files)} />
      </label>
      <label>
        zip
        <input type="file" multiple accept=".zip" aria-label="Paired images: choose a zip with A/ and B/" onChange={(e) => void load(e.target.files)} />
      </label>
      <ImportStatus state={state} />
    </div>
  );
}
