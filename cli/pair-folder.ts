import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { blocks } from '../lib/blocks';
import { buildPairedFolder, pairSummary, type PairedFolder } from '../lib/data/folder-pairs';
import { filesToRead, type Decoder, type RawFile, type Size, type Skipped } from '../lib/data/image-folder';
import { isUserImages, type ImageSets, type UserImagesNeed } from '../lib/data/source';
import type { Design } from '../lib/graph/schema';
import { imageSetNeeds } from '../lib/train/image-needs';
import { ImageError } from '../lib/data/image-limits';
import { decodePng } from './png-decode';

/**
 * A PNG's pixels at `size`: decoded (cli/png-decode.ts), converted grey ↔ RGB (BT.601 luma; alpha dropped) and
 * resized bilinearly with tf.image.resizeBilinear, as the exported project's loader does (templates/src/data.ts).
 */
export function pngDecoder(tf: typeof tfType): Decoder {
  return async (bytes: Uint8Array, size: Size) => {
    if (bytes[0] !== 0x89) throw new ImageError('E_IMAGE_UNREADABLE', 'the command line reads PNG images only; convert it to PNG.');
    const img = decodePng(bytes);
    const fitted = tf.tidy(() => {
      let t: tfType.Tensor = tf.tensor3d(img.pixels, [img.height, img.width, img.channels], 'int32').toFloat();
      if (img.channels === 2 || img.channels === 4) t = tf.slice(t, [0, 0, 0], [-1, -1, img.channels - 1]);
      const c = img.channels <= 2 ? 1 : 3;
      if (c === 1 && size.channels === 3) t = tf.tile(t, [1, 1, 3]);
      if (c === 3 && size.channels === 1) t = tf.sum(tf.mul(t, tf.tensor1d([0.299, 0.587, 0.114])), -1, true);
      if (img.height !== size.height || img.width !== size.width) t = tf.image.resizeBilinear(t as tfType.Tensor3D, [size.height, size.width]);
      return tf.clipByValue(tf.round(t), 0, 255);
    });
    const values = Uint8Array.from(await fitted.data());
    fitted.dispose();
    return values;
  };
}

/** Every file under `dir` (hidden ones left out), its path relative to `dir` with forward slashes. */
function listFiles(dir: string): { path: string; full: string; size: number }[] {
  const out: { path: string; full: string; size: number }[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      if (e.name.startsWith('.')) continue;
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.push({ path: relative(dir, full).split(sep).join('/'), full, size: statSync(full).size });
    }
  };
  walk(dir);
  return out;
}

/**
 * A folder of pairs on disk (`DIR/A/x.png`, `DIR/B/x.png`, or a zip of them), read with the app's budgets: files too
 * large to be images are skipped before they are read (filesToRead), then paired by name (lib/data/folder-pairs.ts).
 */
export async function readPairFolder(tf: typeof tfType, dir: string, sizes: { a: Size; b: Size }): Promise<PairedFolder> {
  let listed: ReturnType<typeof listFiles>;
  try {
    listed = listFiles(dir);
  } catch (e) {
    throw new Error(`cannot read the paired folder ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const plan = filesToRead(listed);
  const files: RawFile[] = plan.read.map((i) => ({ path: listed[i]!.path, bytes: new Uint8Array(readFileSync(listed[i]!.full)) }));
  const built = await buildPairedFolder(files, pngDecoder(tf), sizes);
  return { ...built, skipped: [...plan.skipped, ...built.skipped] };
}

/**
 * The 'pairsA' and 'pairsB' sets a design's paired-folder source reads, from `dir` (`gan train --pairs DIR`); none
 * when the design has no such source. Says on stderr how many pairs were made and which files had no partner.
 */
export async function pairImagesFor(tf: typeof tfType, design: Design, dir: string | undefined): Promise<ImageSets> {
  const needs = imageSetNeeds(design, blocks).filter(isUserImages);
  const a = needs.find((n) => n.name === 'pairsA');
  const b = needs.find((n) => n.name === 'pairsB');
  if (!a || !b) {
    if (dir) throw new Error('--pairs gives the folder of a Paired folder source, and this design has none');
    return {};
  }
  if (!dir) throw new Error('this design trains on your own pairs: pass the folder with --pairs DIR (sub-folders A/ and B/ with matching file names)');
  const size = (n: UserImagesNeed) => ({ height: n.height, width: n.width, channels: n.channels });
  const built = await readPairFolder(tf, dir, { a: size(a), b: size(b) });
  if (built.problem) throw new Error(`${dir}: ${built.problem}`);
  if (built.a.count === 0) throw new Error(`${dir}: no usable pairs; ${pairSummary(built)}. ${skippedLine(built.skipped)}`);
  console.error(`pairs: ${pairSummary(built)}${built.skipped.length > built.unmatched.count ? `; ${skippedLine(built.skipped.filter((s) => s.code !== 'E_PAIR_UNMATCHED'))}` : ''}`);
  return { pairsA: built.a, pairsB: built.b };
}

const skippedLine = (skipped: readonly Skipped[]) =>
  skipped.length ? `skipped ${skipped.length}: ${skipped.slice(0, 3).map((s) => `${s.path} (${s.reason})`).join('; ')}${skipped.length > 3 ? '; …' : ''}` : '';
