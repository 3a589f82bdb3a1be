import { describe, expect, it } from 'vitest';
import { languageOf } from '../../../components/export/monaco';

/** The export preview's colouring per file (components/export/monaco.ts): each language needs its register module loaded. */
describe('languageOf', () => {
  it.each([
    ['src/models.ts', 'typescript'],
    ['models.py', 'python'],
    ['export_weights.py', 'python'],
    ['README.md', 'markdown'],
    ['package.json', 'javascript'],
    ['design.gan.json', 'javascript'],
    ['requirements.txt', 'plaintext'],
    ['data/mnist/train-images-idx3-ubyte', 'plaintext'],
    ['weights/initial.bin', 'plaintext'],
  ])('%s → %s', (path, language) => {
    expect(languageOf(path)).toBe(language);
  });
});
