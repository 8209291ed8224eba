// What an exiting process hands the cache warmer (code-cache/warmer.ts): per executable file
// mapping, its address, file offset and bytes as the process saw them, and the blocks [pc, end)
// that ran there without being optimised. The warmer rebuilds the mappings from the bytes (so
// its code cache keys are the process's) and translates exactly those blocks.
//
// File layout: u32 header length (little-endian), a JSON header, then each mapping's bytes in order.

export interface WarmMapping {
  start: number;
  end: number;
  offset: number;
  blocks: [number, number][];
}

export interface WarmJob {
  mappings: (WarmMapping & { bytes: Uint8Array })[];
}

export function encodeWarmJob(job: WarmJob): Uint8Array[] {
  const header = Buffer.from(JSON.stringify(job.mappings.map(({ start, end, offset, blocks }) => ({ start, end, offset, blocks }))));
  const size = Buffer.alloc(4);
  size.writeUInt32LE(header.length);
  return [size, header, ...job.mappings.map((m) => m.bytes)];
}

/** The job in `data`; throws on a file that is not one (a job is only ever read by the warmer its writer started). */
export function decodeWarmJob(data: Buffer): WarmJob {
  const size = data.readUInt32LE(0);
  const mappings = JSON.parse(data.subarray(4, 4 + size).toString()) as WarmMapping[];
  let at = 4 + size;
  return {
    mappings: mappings.map((m) => {
      const bytes = data.subarray(at, at + (m.end - m.start));
      at += m.end - m.start;
      if (bytes.length !== m.end - m.start) throw new Error('truncated warm job');
      return { ...m, bytes };
    }),
  };
}
