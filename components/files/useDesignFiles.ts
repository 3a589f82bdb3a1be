'use client';
import { useCallback } from 'react';
import type { Scope } from '../../lib/editor/scope';
import type { Design } from '../../lib/graph/schema';
import type { DesignReport } from '../../lib/validate';
import { designToJson, fileStem, readDesignFile, refuseBySize } from '../../lib/share/design-file';
import { embedDesignInPng } from '../../lib/share/png-chunk';
import { importName } from '../../lib/storage/library';
import { designStore } from '../editor/store';
import { drawDesignPng } from './design-picture';
import { download, fileBytes } from './download';

type Notify = (kind: 'error' | 'info', message: string) => void;

/** Open a `.gan.json` or a PNG with a design in it; export either. Bad files end as a message and change nothing. */
export function useDesignFiles(current: { design: Design; report: DesignReport; scope: Scope } | null, openAsNew: (d: Design) => Promise<void>, notify: Notify) {
  const openFile = useCallback(
    async (file: File) => {
      // The size first: reading a multi-gigabyte file only to refuse it could take the tab down.
      const r = refuseBySize(file.name, file.size) ?? readDesignFile(file.name, await fileBytes(file));
      if (!r.ok) return notify('error', r.message);
      // Each import is a new saved design; a name the saved designs already have gets a number, so they can be told
      // apart in My designs. (Storage that cannot be read keeps the file's name.)
      const name = await importName(designStore().store, r.design.name).catch(() => r.design.name);
      await openAsNew(name === r.design.name ? r.design : { ...r.design, name });
      notify('info', `Opened “${name}” from ${file.name}.`);
    },
    [openAsNew, notify],
  );

  const exportJson = () => current && download(`${fileStem(current.design.name)}.gan.json`, designToJson(current.design), 'application/json');

  const exportPng = async () => {
    if (!current) return;
    try {
      const png = await drawDesignPng(current.design, current.report, current.scope);
      download(`${fileStem(current.design.name)}.gan.png`, embedDesignInPng(png, JSON.stringify(current.design)), 'image/png');
    } catch (e) {
      notify('error', `Could not export the PNG: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return { openFile, exportJson, exportPng };
}
