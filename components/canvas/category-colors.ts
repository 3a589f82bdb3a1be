/** One colour per block category: the canvas's mini map and the design pictures (PNG export) draw blocks with them. */
export const CATEGORY_COLORS: Readonly<Record<string, string>> = {
  source: '#14a08c',
  network: '#6a5cf0',
  layer: '#3b7be8',
  normalization: '#d2921f',
  activation: '#d64f8a',
  structure: '#7c8494',
  style: '#a05be6',
  loss: '#e2603f',
  regularizer: '#df8a2f',
  optimizer: '#2f9f62',
};
/** For a category the table does not know. */
export const UNKNOWN_COLOR = '#888888';
