// Public exports of src/notebook (re-exported by src/index.ts).
export {};
