import { describe, expect, it } from '@jest/globals';
import { HotEventGate } from './hot-event-gate.js';

function gateAt(clock: { now: number }, share = 2) {
  return new HotEventGate({ share, quietMs: 1000, now: () => clock.now });
}

describe('HotEventGate', () => {
  it('lets an event that is alone have every request at once', () => {
    const clock = { now: 0 };
    const gate = gateAt(clock);
    const started: number[] = [];
    for (let i = 0; i < 10; i++) gate.enter('hot', () => started.push(i));
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(gate.turnsOf('hot')).toEqual({ admitted: 10, waiting: 0 });
  });

  it('while others are served, holds an event to its share and lets the rest in, in arrival order, as answers go out', () => {
    const clock = { now: 0 };
    const gate = gateAt(clock);
    gate.sawOther();
    const started: number[] = [];
    const leave = Array.from({ length: 5 }, (_, i) => gate.enter('hot', () => started.push(i)));
    expect(started).toEqual([0, 1]);
    expect(gate.turnsOf('hot')).toEqual({ admitted: 2, waiting: 3 });
    // Another event has its own share.
    gate.enter('quiet', () => started.push(100));
    expect(started).toEqual([0, 1, 100]);
    leave[1]();
    expect(started).toEqual([0, 1, 100, 2]);
    leave[1](); // a second call changes nothing
    expect(gate.turnsOf('hot')).toEqual({ admitted: 2, waiting: 2 });
    leave[0]();
    leave[2]();
    expect(started).toEqual([0, 1, 100, 2, 3, 4]);
    leave[3]();
    leave[4]();
    expect(gate.turnsOf('hot')).toEqual({ admitted: 0, waiting: 0 });
  });

  it('a client that gives up while waiting leaves the queue and is never started', () => {
    const clock = { now: 0 };
    const gate = gateAt(clock, 1);
    gate.sawOther();
    const started: string[] = [];
    const first = gate.enter('hot', () => started.push('first'));
    const gaveUp = gate.enter('hot', () => started.push('gave up'));
    gate.enter('hot', () => started.push('third'));
    gaveUp();
    expect(gate.turnsOf('hot')).toEqual({ admitted: 1, waiting: 1 });
    first();
    expect(started).toEqual(['first', 'third']);
  });

  it("a failure of the event's whole queue answers every request still waiting with it, at once", () => {
    const clock = { now: 0 };
    const gate = gateAt(clock, 1);
    gate.sawOther();
    const outcomes: string[] = [];
    const proceed = (name: string) => (error?: unknown) =>
      outcomes.push(error ? `${name}: ${(error as Error).message}` : `${name} goes on`);
    const first = gate.enter('stuck', proceed('first'));
    gate.enter('stuck', proceed('second'));
    const third = gate.enter('stuck', proceed('third'));
    gate.enter('other', proceed('elsewhere'));
    gate.failWaiting('stuck', new Error('lock timeout'));
    expect(outcomes).toEqual(['first goes on', 'elsewhere goes on', 'second: lock timeout', 'third: lock timeout']);
    third(); // its answer going out changes nothing
    first();
    expect(gate.turnsOf('stuck')).toEqual({ admitted: 0, waiting: 0 });
    gate.enter('stuck', proceed('later'));
    expect(outcomes.at(-1)).toBe('later goes on');
  });

  it('once nothing else has arrived for quietMs, lets every waiting request go on', () => {
    const clock = { now: 0 };
    const gate = gateAt(clock);
    gate.sawOther();
    const started: number[] = [];
    const leave = Array.from({ length: 6 }, (_, i) => gate.enter('hot', () => started.push(i)));
    expect(started).toEqual([0, 1]);
    clock.now = 999;
    leave[0]();
    expect(started).toEqual([0, 1, 2]);
    clock.now = 1000;
    leave[1]();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    // A newcomer does not overtake requests still waiting, even when the instance is shared again.
    gate.sawOther();
    const more = Array.from({ length: 3 }, (_, i) => gate.enter('hot', () => started.push(10 + i)));
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(gate.turnsOf('hot')).toEqual({ admitted: 4, waiting: 3 });
    for (const done of [...leave, ...more]) done();
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 10, 11, 12]);
    expect(gate.turnsOf('hot')).toEqual({ admitted: 0, waiting: 0 });
  });
});
