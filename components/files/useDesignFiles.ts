'use client';
import { useCallback } from 'react';
import type { Scope } from '../../lib/editor/scope';
import type { Design } from '../../lib/graph/schema';
import type { DesignReport } from '../../lib/validate';
import { designToJson, fileStem, readDesignFile } from '../../lib/share/design-file';
import { embedDesignInPng } from '../../lib/share/png-chunk';
import { drawDesignPng } from './design-picture';
import { download, fileBytes } from './download';

type Notify = (kind: 'error' | 'info', message: string) => void;

/** Open a `.gan.json` or a PNG with a design in it; export either. Bad files end as a message and change nothing. */
export function useDesignFiles(current: { design: Design; report: DesignReport; scope: Scope } | null, openAsNew: (d: Design) => Promise<void>, notify: Notify) {
  const openFile = useCallback(
    async (file: File) => {
      const r = readDesignFile(file.name, await fileBytes(file));
      if (!r.ok) return notify('error', r.message);
      await openAsNew(r.design);
      notify('info', `Opened “${r.design.name}” from ${file.name}.`);
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
