import { MemoryImage } from '../probe-types';

/**
 * The lecture's 4x4 layout, written out by hand (entry bits from the SDM):
 * EPT PML4 at hPA 0x100000; for the guest tables PDPT 0x101000, PD 0x102000,
 * PT 0x103000; for the data PDPT 0x104000, PD 0x105000, PT 0x106000. Table
 * entries R|W|X (0x7), leaves R|W|X with memory type WB (0x37). Guest tables
 * at gPA 0x1000..0x4000, backed at hPA 0x200000 + gPA; guest entries P|RW|US.
 * VA 0x7f1234567abc reads guest entries at gPA 0x17f0, 0x2240, 0x3d10, 0x4b38
 * (DOMAIN.md); the data page is gPA 0x8140603000, backed at hPA 0x300000.
 */
export const LECTURE_MEMORY: MemoryImage = {
  '0x100000': '0x101007',
  '0x100008': '0x104007',
  '0x101000': '0x102007',
  '0x102000': '0x103007',
  '0x103008': '0x201037',
  '0x103010': '0x202037',
  '0x103018': '0x203037',
  '0x103020': '0x204037',
  '0x104028': '0x105007',
  '0x105018': '0x106007',
  '0x106018': '0x300037',
  '0x2017f0': '0x2007',
  '0x202240': '0x3007',
  '0x203d10': '0x4007',
  '0x204b38': '0x8140603007',
};
