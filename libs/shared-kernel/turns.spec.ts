import { setTimeout as sleep } from 'node:timers/promises';
import { Turns } from './turns';

describe('Turns', () => {
  it('lets at most `size` run at once, the others in the order they asked, each place given back however it ended', async () => {
    const turns = new Turns(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const work = (i: number) => async () => {
      running += 1;
      most = Math.max(most, running);
      started.push(i);
      await sleep(5);
      running -= 1;
      if (i === 1) throw new Error('failed');
      return i;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4, 5].map((i) => turns.run(work(i))));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    // Every place came back: two more run at once straight away.
    await Promise.all([turns.take(), turns.take()]);
  });

  it('hands a place given back to the first in line, not to one asking in between', async () => {
    const turns = new Turns(1);
    await turns.take();
    const order: string[] = [];
    const waiting = turns.take().then(() => order.push('waiting'));
    turns.give();
    const arriving = turns.take().then(() => order.push('arriving'));
    await waiting;
    expect(order).toEqual(['waiting']);
    turns.give();
    await arriving;
    expect(order).toEqual(['waiting', 'arriving']);
  });
});
