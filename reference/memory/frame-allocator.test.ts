import { VmlabError } from '../errors';
import { FrameAllocator } from './frame-allocator';

/** An allocator like a VM's guest RAM: frames from 256 (the first MiB unused) up to `limit`. */
const guestRam = (limit = 4096) => new FrameAllocator('guest RAM', 256, limit);

describe('allocate', () => {
  it('hands out the lowest new frame first, and freed frames last-in first-out', () => {
    const frames = guestRam();
    expect([frames.allocate(), frames.allocate(), frames.allocate()]).toEqual([256, 257, 258]);
    frames.free(256);
    frames.free(258);
    expect([frames.allocate(), frames.allocate(), frames.allocate()]).toEqual([258, 256, 259]);
  });

  it('refuses a frame freed twice, and runs out with OUT_OF_MEMORY', () => {
    const frames = guestRam(257);
    frames.allocate();
    expect(() => frames.allocate()).toThrow(expect.objectContaining({ code: 'OUT_OF_MEMORY' }));
    frames.free(256);
    expect(() => frames.free(256)).toThrow(/freed twice/);
  });
});

describe('allocateAligned (a large page)', () => {
  it('takes the lowest aligned run above the first frame, and hands out the frames it skipped next, lowest first', () => {
    const frames = guestRam();
    expect(frames.allocate()).toBe(256);
    // 512 frames (2 MiB): frames 0-511 hold the unused first MiB, so the run starts at 512.
    expect(frames.allocateAligned(512)).toBe(512);
    expect(frames.inUse).toBe(513);
    expect([frames.allocate(), frames.allocate()]).toEqual([257, 258]);
    expect(frames.isAllocated(1023)).toBe(true);
    expect(frames.allocateAligned(512)).toBe(1024);
    // Past both runs, new frames continue after the second.
    for (let i = 259; i < 512; i++) frames.allocate();
    expect(frames.allocate()).toBe(1536);
  });

  it('reuses a run whose frames were all freed, and passes over one that still holds an allocated frame', () => {
    const frames = guestRam();
    const first = frames.allocateAligned(512);
    const second = frames.allocateAligned(512);
    expect([first, second]).toEqual([512, 1024]);
    for (let frame = first; frame < first + 512; frame++) frames.free(frame);
    for (let frame = second; frame < second + 512; frame++) if (frame !== second + 100) frames.free(frame);
    expect(frames.allocateAligned(512)).toBe(512);
    expect(frames.allocateAligned(512)).toBe(1536);
    // The freed frames of the second run are still handed out one by one.
    expect(frames.allocate()).toBe(second + 511);
  });

  it('says a large page no longer fits, without taking anything', () => {
    const frames = guestRam(1024);
    frames.allocateAligned(512);
    let thrown: unknown;
    try {
      frames.allocateAligned(512);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VmlabError);
    expect(thrown).toMatchObject({
      code: 'OUT_OF_MEMORY',
      message: 'guest RAM: no naturally aligned run of 512 free frames is left for a large page (768 frames in all)',
    });
    expect(frames.inUse).toBe(512);
    expect(frames.allocate()).toBe(256);
  });
});
