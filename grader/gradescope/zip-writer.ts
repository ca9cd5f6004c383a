import { crc32, deflateRawSync } from 'zlib';

export interface ZipEntry {
  /** Forward-slash path inside the archive. */
  readonly name: string;
  readonly content: Buffer;
  /** Unix permission bits (0o644, or 0o755 for scripts). */
  readonly mode: number;
}

/**
 * A ZIP archive (PKWARE APPNOTE 6.3: local headers, deflated data, central
 * directory, end record), written with Node's own zlib so packaging needs no
 * binary or dependency. Unix modes ride in the external attributes ("made
 * by" Unix), so scripts stay executable once unzipped. No ZIP64: archives
 * here stay far below 4 GiB and 65,535 entries.
 */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = deflateRawSync(entry.content);
    const checksum = crc32(entry.content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // local file header signature
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // flags: names are UTF-8
    local.writeUInt16LE(8, 8); // method: deflate
    local.writeUInt32LE(DOS_EPOCH, 10); // time and date
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(entry.content.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    locals.push(local, name, data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); // central directory header signature
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, spec 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(DOS_EPOCH, 12);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(entry.content.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra, comment, disk number, internal attributes: all zero (bytes 30-37)
    central.writeUInt32LE(((0o100000 | entry.mode) << 16) >>> 0, 38); // external attributes: a regular file with its mode
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory signature
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** 1980-01-01 00:00 in MS-DOS date/time: a fixed stamp keeps archives reproducible. */
const DOS_EPOCH = ((1 << 5) | 1) << 16;
