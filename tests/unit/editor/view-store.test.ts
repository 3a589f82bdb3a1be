import { describe, expect, it } from 'vitest';
import { StableList } from '../../../lib/editor/stable-list';
import { KeyedViews } from '../../../lib/editor/view-store';

type V = { text: string; n: number };
const sameText = (a: V, b: V) => a.text === b.text;
const views = (entries: [string, V][]) => new Map(entries);

describe('KeyedViews', () => {
  it('wakes only the ids whose view changed, and keeps the old object where the view looks the same', () => {
    const store = new KeyedViews<V>(sameText);
    const a0 = { text: 'a', n: 0 };
    store.publish(views([['a', a0], ['b', { text: 'b', n: 0 }]]));
    const woke: string[] = [];
    store.subscribe('a', () => woke.push('a'));
    store.subscribe('b', () => woke.push('b'));
    const changed = store.publish(views([['a', { text: 'a', n: 1 }], ['b', { text: 'B', n: 1 }]]));
    expect(changed).toEqual(['b']);
    expect(woke).toEqual(['b']);
    // n differs, but `same` compares text only: readers comparing by identity see no change.
    expect(store.get('a')).toBe(a0);
    expect(store.get('b')).toEqual({ text: 'B', n: 1 });
  });

  it('drops ids that left the graph and tells their listeners; stops calling a listener once unsubscribed', () => {
    const store = new KeyedViews<V>(sameText);
    store.publish(views([['a', { text: 'a', n: 0 }], ['b', { text: 'b', n: 0 }]]));
    const woke: string[] = [];
    const stopA = store.subscribe('a', () => woke.push('a'));
    store.subscribe('b', () => woke.push('b'));
    expect(store.publish(views([['a', { text: 'a', n: 0 }]]))).toEqual(['b']);
    expect(store.get('b')).toBeUndefined();
    expect(woke).toEqual(['b']);
    stopA();
    store.publish(views([['a', { text: 'changed', n: 0 }]]));
    expect(woke).toEqual(['b']);
    expect(store.get('a')?.text).toBe('changed');
  });

  it('publishSome compares only the ids named, adding, changing and dropping them', () => {
    const store = new KeyedViews<V>(sameText);
    store.publish(views([['a', { text: 'a', n: 0 }], ['b', { text: 'b', n: 0 }], ['c', { text: 'c', n: 0 }]]));
    const next = views([['a', { text: 'A', n: 0 }], ['b', { text: 'B', n: 0 }], ['d', { text: 'd', n: 0 }]]);
    // b changed too, but it is not named: left as it was.
    expect(store.publishSome(next, ['a', 'c', 'd'])).toEqual(['a', 'c', 'd']);
    expect([store.get('a')?.text, store.get('b')?.text, store.get('c'), store.get('d')?.text]).toEqual(['A', 'b', undefined, 'd']);
  });
});

describe('StableList', () => {
  type Item = { id: string; x: number };
  const sameX = (a: Item, b: Item) => a.x === b.x;

  it('hands back the same array when every item looks the same, and old objects for the unchanged ones otherwise', () => {
    const list = new StableList<Item>(sameX);
    const first = list.settle([{ id: 'a', x: 1 }, { id: 'b', x: 2 }]);
    expect(list.settle([{ id: 'a', x: 1 }, { id: 'b', x: 2 }])).toBe(first);
    const moved = list.settle([{ id: 'a', x: 1 }, { id: 'b', x: 3 }]);
    expect(moved).not.toBe(first);
    expect(moved[0]).toBe(first[0]);
    expect(moved[1]).toEqual({ id: 'b', x: 3 });
  });

  it('sees a reorder, an addition and a removal as changes', () => {
    const list = new StableList<Item>(sameX);
    const first = list.settle([{ id: 'a', x: 1 }, { id: 'b', x: 2 }]);
    const swapped = list.settle([{ id: 'b', x: 2 }, { id: 'a', x: 1 }]);
    expect(swapped).not.toBe(first);
    expect(swapped[0]).toBe(first[1]);
    expect(list.settle([{ id: 'b', x: 2 }])).toHaveLength(1);
    expect(list.settle([{ id: 'b', x: 2 }, { id: 'c', x: 0 }]).map((i) => i.id)).toEqual(['b', 'c']);
  });
});
