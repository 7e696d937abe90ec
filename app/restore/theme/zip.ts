/**
 * A streaming ZIP writer (PKWARE APPNOTE 4.3: local headers, central
 * directory, end record; stored or deflated entries, no ZIP64). Each entry
 * is written as soon as it is added, so a large theme never sits in memory
 * as a whole archive: only the central directory (≈ 50 bytes a file) does.
 */
import { open, type FileHandle } from "node:fs/promises";
import { promisify } from "node:util";
import { crc32, deflateRaw } from "node:zlib";
import { SnapshelfError } from "~/errors";

const deflateRawAsync = promisify(deflateRaw);

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** Bit 11: names are UTF-8 (theme filenames may hold any Unicode). */
const UTF8_FLAG = 0x0800;
/** 1980-01-01 00:00: fixed timestamps keep an archive byte-identical for the same files. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
/** "Version needed to extract" 2.0: deflate. */
const VERSION = 20;
/** Without ZIP64 an archive holds < 65,535 entries and < 4 GiB of offsets. */
const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;

/** The archive cannot be written in classic ZIP (too many entries or bytes). */
export class ZipLimitError extends SnapshelfError {}

export interface ZipWriterOptions {
  /** "auto" deflates unless that does not shrink the entry (default); "store" never compresses. */
  method?: "auto" | "store";
  /** zlib level 1..9 (default 6). */
  level?: number;
}

export interface ZipSummary {
  entries: number;
  bytes: number;
}

/** Writes a zip archive entry by entry into a file. */
export class ZipFileWriter {
  private readonly central: Buffer[] = [];
  private offset = 0;
  private count = 0;
  private readonly names = new Set<string>();

  private constructor(
    private readonly handle: FileHandle,
    private readonly options: Required<ZipWriterOptions>,
  ) {}

  /** Creates (truncates) the file at `path`. */
  static async create(path: string, options: ZipWriterOptions = {}): Promise<ZipFileWriter> {
    const handle = await open(path, "w");
    return new ZipFileWriter(handle, { method: options.method ?? "auto", level: options.level ?? 6 });
  }

  /** Appends one file entry; names must be unique and relative. */
  async add(filename: string, body: Uint8Array): Promise<void> {
    if (!filename || filename.startsWith("/") || filename.split("/").includes("..")) throw new SnapshelfError("Unsafe zip entry name", { filename });
    if (this.names.has(filename)) throw new SnapshelfError("Duplicate zip entry name", { filename });
    if (this.count + 1 >= MAX_ENTRIES) throw new ZipLimitError("Too many files for a zip archive without ZIP64", { entries: this.count + 1 });
    const name = Buffer.from(filename, "utf8");
    const data = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const crc = crc32(data);
    let method = 0;
    let payload = data;
    if (this.options.method === "auto" && data.length > 0) {
      const deflated = await deflateRawAsync(data, { level: this.options.level });
      if (deflated.length < data.length) {
        method = 8;
        payload = deflated;
      }
    }
    const end = this.offset + 30 + name.length + payload.length;
    if (end > MAX_OFFSET || data.length > MAX_OFFSET) throw new ZipLimitError("Archive too large for a zip without ZIP64", { bytes: end });

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(UTF8_FLAG, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(payload.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    await this.write(Buffer.concat([local, name]));
    await this.write(payload);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    // Made by: UNIX (3) so unzip applies the plain-file permissions below.
    central.writeUInt16LE((3 << 8) | VERSION, 4);
    central.writeUInt16LE(VERSION, 6);
    central.writeUInt16LE(UTF8_FLAG, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(payload.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // External attributes: regular file, mode 0644.
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(this.offset, 42);
    this.central.push(central, name);
    this.offset = end;
    this.count += 1;
    this.names.add(filename);
  }

  /** Writes the central directory and closes the file. */
  async finish(): Promise<ZipSummary> {
    const directory = Buffer.concat(this.central);
    if (this.offset + directory.length > MAX_OFFSET) throw new ZipLimitError("Archive too large for a zip without ZIP64", { bytes: this.offset + directory.length });
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(this.count, 8);
    end.writeUInt16LE(this.count, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(this.offset, 16);
    await this.write(Buffer.concat([directory, end]));
    await this.handle.close();
    return { entries: this.count, bytes: this.offset + directory.length + end.length };
  }

  /** Closes the file without finishing it (the caller deletes it). */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }

  private async write(buffer: Buffer): Promise<void> {
    let done = 0;
    while (done < buffer.length) {
      const { bytesWritten } = await this.handle.write(buffer, done, buffer.length - done);
      done += bytesWritten;
    }
  }
}
