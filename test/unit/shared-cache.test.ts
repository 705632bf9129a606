/** SharedCache (src/engine/shared-cache.ts): one making per key, least recently used out, cancelled only when nobody waits. */
import { expect } from '@open-wc/testing';
import { SharedCache } from '../../src/engine/shared-cache.js';

const later = <T>(value: T, ms = 10) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('SharedCache', () => {
  it('makes each key once, and drops the least recently used beyond its capacity, releasing it', async () => {
    const released: string[] = [];
    const cache = new SharedCache<string>(2, (value) => released.push(value));
    let made = 0;
    const make = (value: string) => () => (made++, later(value));
    await cache.get('a', make('A'));
    await cache.get('a', make('A'));
    await cache.get('b', make('B'));
    await cache.get('a', make('A')); // a is now the most recent
    await cache.get('c', make('C'));
    await later(null);
    expect(made).to.equal(3);
    expect(released).to.deep.equal(['B']);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).to.deep.equal([true, false, true]);
  });

  it('cancels a making only when every run waiting for it has given up', async () => {
    const cache = new SharedCache<string>(4);
    let cancelled = false;
    const make = (signal: AbortSignal) => {
      signal.addEventListener('abort', () => (cancelled = true));
      return later('value', 30);
    };
    const [first, second] = [new AbortController(), new AbortController()];
    const a = cache.get('k', make, first.signal).catch((e: Error & { type?: string }) => e.type);
    const b = cache.get('k', make, second.signal);
    first.abort();
    expect(await a).to.equal('aborted');
    expect(await b).to.equal('value');
    expect(cancelled).to.equal(false);

    const third = new AbortController();
    const c = cache.get('other', make, third.signal).catch((e: Error & { type?: string }) => e.type);
    third.abort();
    expect(await c).to.equal('aborted');
    expect(cancelled).to.equal(true);
    expect(cache.has('other')).to.equal(false);
  });

  it('forgets a failed making, so the next run tries again', async () => {
    const cache = new SharedCache<string>(4);
    await cache.get('k', () => Promise.reject(new Error('offline'))).catch(() => {});
    expect(await cache.get('k', () => later('ok'))).to.equal('ok');
  });
});
