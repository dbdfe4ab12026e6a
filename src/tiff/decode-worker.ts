/**
 * A decode pool worker (started by decode-pool.ts): decodes each chunk of jobs with
 * decodeBlock and hands the samples back by transfer, or the first job's error as a record.
 */
import { parentPort } from 'node:worker_threads';
import { InternalError, toErrorRecord } from '../errors.js';
import { codecIds } from './codecs/index.js';
import { decodeBlock, prepareCodec, type DecodedBlock } from './decode-block.js';
import { unpackRequest, type DecodeReply, type DecodeRequest } from './decode-protocol.js';

/** Buffer bytes past a block's samples that may travel with it rather than cost a copy. */
const SLACK_BYTES = 64 * 1024;

/**
 * The block with samples whose buffer can move: one holding little else (deflate's and
 * LZW's outputs carry some slack), or else a copy, since a view into a codec's heap or a
 * shared buffer must not be detached. (Node's 8 KiB Buffer pool never moves: postMessage
 * clones it instead.)
 */
function movable(block: DecodedBlock): DecodedBlock {
  const { data } = block;
  const own = data.buffer instanceof ArrayBuffer && data.buffer.byteLength - data.byteLength <= SLACK_BYTES;
  return own ? block : { ...block, data: data.slice() };
}

// From TypeScript sources tsx loads a codec module through libuv's thread pool, which
// queries may hold by the time a batch needs it: every decoder is loaded up front, and the
// pool's warm-up batch (answered after this) waits for it. Compiled, the synchronous loader
// the bootstrap installed reads them without the pool.
const preloaded = import.meta.url.endsWith('.ts') ? Promise.all(codecIds().map((c) => prepareCodec(c).catch(() => undefined))) : Promise.resolve([]);

async function answer(req: DecodeRequest): Promise<{ reply: DecodeReply; transfer: ArrayBuffer[] }> {
  await preloaded;
  const jobs = unpackRequest(req);
  let url: string | undefined;
  try {
    for (const compression of new Set(req.images.map((i) => i.compression))) await prepareCodec(compression, jobs[0]?.url);
    const blocks = jobs.map((job) => {
      url = job.url;
      return movable(decodeBlock(job.bytes, job.image, job));
    });
    return { reply: { id: req.id, ok: true, blocks }, transfer: blocks.map((b) => b.data.buffer as ArrayBuffer) };
  } catch (e) {
    return { reply: { id: req.id, ok: false, error: toErrorRecord(e, url) }, transfer: [] };
  }
}

const port = parentPort;
if (port === null) throw new InternalError({ reason: 'decode-worker.ts was loaded outside a worker thread' });
port.on('message', (req: DecodeRequest) => {
  void answer(req).then(({ reply, transfer }) => {
    try {
      port.postMessage(reply, transfer);
    } catch (e) {
      // a buffer that cannot move (a WebAssembly memory): send copies instead
      if (!reply.ok) throw e;
      port.postMessage({ ...reply, blocks: reply.blocks.map((b) => ({ ...b, data: b.data.slice() })) });
    }
  });
});
