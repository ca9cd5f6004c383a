import { LECTURE_MEMORY } from '../../../observe/test-support/lecture-two-d-memory';
import { SequentialPlacement } from './nested-placement';
import { KIB_4, MIB_2, TwoDImage } from './nested-two-d-image';

const VA = 0x7f1234567abcn;

/** The lecture's layout: guest tables backed at 0x200000 + gPA, the data page at 0x300000. */
function lectureImage(format: 'ept' | 'npt'): TwoDImage {
  const placement = new SequentialPlacement({ hostPage: (gpaBase) => (gpaBase < 0x10_0000n ? 0x20_0000n + gpaBase : 0x30_0000n) });
  const image = new TwoDImage({ format, guestLevels: 4, nestedLevels: 4, accessedDirty: false }, placement);
  image.mapData(VA, 0x81_4060_3000n, KIB_4);
  return image;
}

describe('TwoDImage with the readable sequential layout', () => {
  test('builds the lecture 4x4 example word for word (entries from the SDM: EPT R|W|X = 7, WB leaves 0x37; guest P|RW|US = 7)', () => {
    expect(lectureImage('ept').memory.toImage()).toEqual(LECTURE_MEMORY);
  });

  test('NPT tables are x86 tables: P|RW|US everywhere, no memory type', () => {
    const image = lectureImage('npt').memory.toImage();
    expect(image['0x103008']).toBe('0x201007');
    expect(image['0x106018']).toBe('0x300007');
  });

  test('edits find entries by path; hpaOf follows the backing, not the (editable) tables', () => {
    const image = lectureImage('ept');
    image.editNested(0x3d10n, 1, () => 0n);
    image.editGuest(VA, 1, (entry) => entry & ~0x2n);
    const memory = image.memory.toImage();
    expect(memory['0x103018']).toBeUndefined();
    expect(memory['0x204b38']).toBe('0x8140603005');
    expect(image.hpaOf(0x3d10n)).toBe(0x203d10n);
  });

  test('sequential host pages are aligned to their size', () => {
    const image = new TwoDImage({ format: 'ept', guestLevels: 4, nestedLevels: 4, accessedDirty: false, tableHostPageSize: MIB_2, dataHostPageSize: MIB_2 }, new SequentialPlacement());
    image.mapData(VA, 0x81_4060_0000n, MIB_2);
    expect(image.hpaOf(0x1000n)).toBe(0x40_1000n);
    expect(image.hpaOf(0x81_4076_7abcn)).toBe(0x76_7abcn);
  });
});
