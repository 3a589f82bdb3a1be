import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { expect } from './fixtures';

/** Helpers for the editor specs: everything goes through the UI the way a user does it. */

export const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Opens the app and waits for the first design (the default preset on a first visit) to be on the canvas. */
export async function openStudio(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
}

export async function newBlankDesign(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'File' }).click();
  await page.getByRole('menuitem', { name: 'New blank design' }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  await expect(page.getByLabel('Design name')).toHaveValue('Untitled design');
}

export async function addNetwork(page: Page, id: string): Promise<void> {
  await page.getByRole('button', { name: 'Add network' }).click();
  await page.getByLabel('Network id').fill(id);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText(`Training›${id}`);
}

/** Drags a block from the palette onto the canvas (HTML5 drag and drop) at a point of the pane; waits for the node. */
export async function dragBlock(page: Page, type: string, id: string, at: { x: number; y: number }): Promise<void> {
  await page.getByTestId(`palette-${type}`).dragTo(page.locator('.react-flow__pane'), { targetPosition: at });
  await expect(node(page, id)).toBeVisible();
}

/** Drags a wire from an output port to an input port with the mouse. */
export async function dragWire(page: Page, from: [string, string], to: [string, string]): Promise<void> {
  const a = await page.locator(`.react-flow__node[data-id="${from[0]}"] .react-flow__handle.source[data-handleid="${from[1]}"]`).boundingBox();
  const b = await page.locator(`.react-flow__node[data-id="${to[0]}"] .react-flow__handle.target[data-handleid="${to[1]}"]`).boundingBox();
  if (!a || !b) throw new Error(`no handle for ${from.join('.')} → ${to.join('.')}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 4 });
  await page.mouse.up();
}

export const edgeLabel = (page: Page, from: [string, string], to: [string, string]) => page.getByTestId(`edge-shape-${from[0]}.${from[1]}->${to[0]}.${to[1]}`);

export async function connect(page: Page, from: [string, string], to: [string, string], shape?: string): Promise<void> {
  await dragWire(page, from, to);
  const label = edgeLabel(page, from, to);
  await expect(label).toBeVisible();
  if (shape) await expect(label).toHaveText(shape);
}

/** Selects a node by clicking its title, so the inspector shows it. */
export async function select(page: Page, id: string): Promise<void> {
  await node(page, id).locator('.block-node-title').click();
  await expect(page.getByRole('region', { name: 'Inspector' }).locator('code').first()).toHaveText(id);
}

/** Sets an inspector field, found by its label as shown ("Learning rate"). */
export async function setField(page: Page, name: string, value: string): Promise<void> {
  const field = page.getByRole('region', { name: 'Inspector' }).getByLabel(name, { exact: true });
  const tag = await field.evaluate((el) => el.tagName);
  if (tag === 'SELECT') await field.selectOption(value);
  else {
    await field.fill(value);
    await field.blur();
  }
}

export async function openGraph(page: Page, name: 'Training' | string): Promise<void> {
  const graphs = page.getByRole('region', { name: 'Graphs' });
  await graphs.getByRole('button', { name: new RegExp(`^${name}\\b`) }).click();
  const crumb = page.getByRole('navigation', { name: 'Breadcrumb' });
  await expect(crumb.locator('[aria-current="page"]')).toHaveText(name);
}

async function fileMenu(page: Page, item: string): Promise<Download> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'File' }).click();
  await page.getByRole('menuitem', { name: item }).click();
  return download;
}

/** File › Export .gan.json, returning the text written. */
export async function exportJson(page: Page): Promise<string> {
  const d = await fileMenu(page, 'Export .gan.json');
  return readFile(await d.path(), 'utf8');
}

export async function exportPng(page: Page): Promise<Buffer> {
  const d = await fileMenu(page, 'Export PNG (design embedded)');
  return readFile(await d.path());
}

/** Drops a file on the page the way the OS does: a DataTransfer holding a File. */
export async function dropFile(page: Page, name: string, bytes: Buffer, type: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ b64, name, type }) => {
      const bin = atob(b64);
      const data = Uint8Array.from(bin, (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], name, { type }));
      return dt;
    },
    { b64: bytes.toString('base64'), name, type },
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
}

export async function waitSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
}
