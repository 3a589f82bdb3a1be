import { test, expect } from './fixtures';
import { addNetwork, connect, dragBlock, dragWire, edgeLabel, newBlankDesign, node, openGraph, openStudio, select, setField } from './editor-helpers';

test.use({ viewport: { width: 1600, height: 1000 } });

test('builds the vanilla GAN from an empty canvas by dragging and connecting, and it validates clean', async ({ page }) => {
  await openStudio(page);
  await newBlankDesign(page);
  const problems = page.getByTestId('errors-panel');
  await expect(problems).toContainText('E_NO_LOSS');

  // G: input[100] → dense(784, tanh) → output
  await addNetwork(page, 'G');
  await dragBlock(page, 'input', 'input', { x: 150, y: 300 });
  await dragBlock(page, 'dense', 'dense', { x: 480, y: 300 });
  await dragBlock(page, 'output', 'output', { x: 810, y: 300 });
  await connect(page, ['input', 'out'], ['dense', 'in'], '[batch, 100]');
  await connect(page, ['dense', 'out'], ['output', 'in'], '[batch, 128]');
  await select(page, 'dense');
  await setField(page, 'Units', '784');
  await setField(page, 'Activation', 'tanh');
  await expect(page.getByTestId('node-shape-output')).toHaveText('[batch, 784]');

  // D: input[784] → dense(1) → output
  await addNetwork(page, 'D');
  await dragBlock(page, 'input', 'input', { x: 150, y: 300 });
  await dragBlock(page, 'dense', 'dense', { x: 480, y: 300 });
  await dragBlock(page, 'output', 'output', { x: 810, y: 300 });
  await select(page, 'input');
  await setField(page, 'Shape', '784');
  await connect(page, ['input', 'out'], ['dense', 'in'], '[batch, 784]');
  await connect(page, ['dense', 'out'], ['output', 'in']);
  await select(page, 'dense');
  await setField(page, 'Units', '1');
  await expect(page.getByTestId('node-shape-output')).toHaveText('[batch, 1]');
  await expect(page.getByTestId('node-params-dense')).toHaveText('785 params');

  // Training: z → G → D(fake), flat MNIST → D(real), adversarial loss, one Adam per network.
  await openGraph(page, 'Training');
  await dragBlock(page, 'noise', 'noise', { x: 140, y: 110 });
  await dragBlock(page, 'dataset', 'dataset', { x: 140, y: 360 });
  await dragBlock(page, 'call', 'call', { x: 460, y: 110 });
  await dragBlock(page, 'call', 'call_2', { x: 460, y: 360 });
  await dragBlock(page, 'call', 'call_3', { x: 780, y: 110 });
  await dragBlock(page, 'adversarialLoss', 'adversarialLoss', { x: 780, y: 380 });
  await dragBlock(page, 'adam', 'adam', { x: 140, y: 600 });
  await dragBlock(page, 'adam', 'adam_2', { x: 460, y: 600 });

  await select(page, 'dataset');
  await setField(page, 'Layout', 'flat');
  await select(page, 'call');
  await setField(page, 'Network', 'G');
  await select(page, 'call_2');
  await setField(page, 'Network', 'D');
  await select(page, 'call_3');
  await setField(page, 'Network', 'D');
  await select(page, 'adam');
  await setField(page, 'Network', 'G');
  await select(page, 'adam_2');
  await setField(page, 'Network', 'D');
  await setField(page, 'Learning rate', '0.0002');

  await connect(page, ['noise', 'z'], ['call', 'input'], '[batch, 100]');
  await connect(page, ['call', 'output'], ['call_3', 'input'], '[batch, 784]');
  await connect(page, ['dataset', 'x'], ['call_2', 'input'], '[batch, 784]');
  await connect(page, ['call_2', 'output'], ['adversarialLoss', 'real'], '[batch, 1]');
  await connect(page, ['call_3', 'output'], ['adversarialLoss', 'fake'], '[batch, 1]');

  await expect(problems).toContainText('No problems');
  await expect(problems).toHaveAttribute('data-errors', '0');
  await expect(problems).toHaveAttribute('data-warnings', '0');
  await expect(page.getByTestId('node-params-call')).toHaveText('79.2k params');
  await expect(page.locator('.block-node[data-state="error"]')).toHaveCount(0);

  // A call opens its network on double-click; the breadcrumb leads back.
  await node(page, 'call').locator('.block-node-title').dblclick();
  const crumb = page.getByRole('navigation', { name: 'Breadcrumb' });
  await expect(crumb.locator('[aria-current="page"]')).toHaveText('G');
  await expect(page.getByTestId('node-params-dense')).toHaveText('79.2k params');
  await crumb.getByRole('button', { name: 'Training' }).click();
  await expect(node(page, 'adversarialLoss')).toBeVisible();
});

test('refuses a wrong connection with the reason at the cursor and in the inspector; a param change updates shapes downstream', async ({ page }) => {
  await openStudio(page);
  await newBlankDesign(page);
  await addNetwork(page, 'G');
  await dragBlock(page, 'input', 'input', { x: 150, y: 250 });
  await dragBlock(page, 'conv2d', 'conv2d', { x: 480, y: 120 });
  await dragBlock(page, 'dense', 'dense', { x: 480, y: 420 });
  await dragBlock(page, 'output', 'output', { x: 810, y: 420 });

  // A flat vector cannot feed a convolution: refused, with the validator's own remedy next to the cursor.
  await dragWire(page, ['input', 'out'], ['conv2d', 'in']);
  const refusal = page.getByTestId('connection-refused');
  await expect(refusal).toBeVisible();
  await expect(refusal).toHaveAttribute('role', 'alert');
  await expect(refusal).toContainText('4-D input');
  await expect(refusal).toContainText('Add a Reshape');
  await expect(edgeLabel(page, ['input', 'out'], ['conv2d', 'in'])).toHaveCount(0);

  // Wiring without a pointer: the inspector lists every output a block's input could be fed from; the validator
  // refuses the same connection there, and accepts a good one.
  const inputs = page.getByRole('region', { name: 'Inspector' }).getByRole('group', { name: 'Inputs' });
  await select(page, 'conv2d');
  await inputs.getByRole('combobox').first().selectOption('input\u0000out');
  await expect(inputs.getByRole('alert')).toContainText('4-D input');
  await expect(edgeLabel(page, ['input', 'out'], ['conv2d', 'in'])).toHaveCount(0);
  await select(page, 'dense');
  await inputs.getByRole('combobox').first().selectOption('input\u0000out');
  await expect(edgeLabel(page, ['input', 'out'], ['dense', 'in'])).toHaveText('[batch, 100]');
  await connect(page, ['dense', 'out'], ['output', 'in'], '[batch, 128]');

  // Edits flow downstream at once.
  await select(page, 'input');
  await setField(page, 'Shape', '8, 8');
  await expect(edgeLabel(page, ['input', 'out'], ['dense', 'in'])).toHaveText('[batch, 8, 8]');
  await expect(page.getByTestId('node-shape-output')).toHaveText('[batch, 8, 128]');
  await select(page, 'dense');
  await setField(page, 'Units', '32');
  await expect(edgeLabel(page, ['dense', 'out'], ['output', 'in'])).toHaveText('[batch, 8, 32]');
  await expect(page.getByTestId('node-shape-output')).toHaveText('[batch, 8, 32]');
  await expect(page.getByTestId('node-params-dense')).toHaveText('288 params');

  // A bad value turns the node red with the validator's message; the problem in the list leads back to it.
  await setField(page, 'Units', '0');
  await expect(node(page, 'dense').locator('.block-node')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('node-error-dense')).toContainText('units');
  await openGraph(page, 'Training');
  await page.getByTestId('errors-panel').getByRole('button', { name: /G › dense.*E_PARAM/ }).click();
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).locator('[aria-current="page"]')).toHaveText('G');
  await expect(node(page, 'dense')).toHaveClass(/selected/);
  await expect(page.getByRole('region', { name: 'Inspector' }).getByLabel('Units', { exact: true })).toHaveValue('0');
});
